import { feedUpdated } from '../entries/entries.js';
import type { Entry, Tombstone } from '../model.js';

/**
 * RFC 5005 archived feeds, pure: which entry lives on which archive page.
 *
 * The scheme, chosen so that a page's bytes change only when an entry in it changes:
 *
 * - Every entry ever syndicated gets a **slot**, a position in one append-only list (kept in
 *   the feed state, publish/feed-state.ts). The first build fills it in publication order
 *   (published, then id); later builds append the ids they have not seen, in the same order.
 *   A slot is never moved or reused: a correction, an unannounced edit or a new title
 *   rewrites the entry where it is; a withdrawal turns it into an RFC 6721 tombstone in the
 *   same place; an article that fails or disappears leaves its slot empty until it is back.
 *   A backdated article or an embargo that lifts late is appended, never inserted.
 * - Page n (1-based, `archive/<n>.xml`) holds slots (n-1)·size … n·size-1, newest slot first.
 *   So a new entry touches only the newest page, and a correction touches only its own page.
 * - There is always one page after the last full one (possibly empty): a full page's
 *   `next-archive` link therefore never changes and never dangles.
 * - The subscription document (`atom.xml`, the newest entries by modification) links to the
 *   newest page with `prev-archive`; every page links back with `current`.
 *
 * Walking `prev-archive` from the subscription document visits every page once, and every
 * syndicated entry is on exactly one page. Entries in the subscription document appear in
 * their page too; RFC 5005 §4.2 has a client keep the newest version of an id.
 */

export type Slot = { kind: 'entry'; entry: Entry } | { kind: 'tombstone'; tombstone: Tombstone };

export interface ArchivePage {
  /** 1-based; page 1 holds the oldest slots. */
  number: number;
  /** Newest slot first; empty slots are left out. */
  entries: Entry[];
  tombstones: Tombstone[];
  /** Newest entry or tombstone on the page (never "now"). */
  updated: number;
  /** Whether a newer page exists. */
  hasNext: boolean;
}

/** Ids in (published, id) order: the order of the first build and of every batch of newcomers. */
function byPublication(a: { id: string; published: number }, b: { id: string; published: number }): number {
  return a.published - b.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The slots as a set, once per slots array (a long-running job keeps the same array while feeds.json stays as it wrote it). */
const slotSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * The slot list after this build: `previous` unchanged, then the ids it does not hold yet,
 * in publication order. Returns `previous` itself when nothing is new.
 */
export function assignSlots(
  previous: readonly string[],
  items: readonly { id: string; published: number }[],
): readonly string[] {
  const known = slotSets.get(previous) ?? new Set(previous);
  slotSets.set(previous, known);
  const fresh = items.filter((item) => !known.has(item.id));
  if (fresh.length === 0) return previous;
  const unique = [...new Map(fresh.map((item) => [item.id, item])).values()].sort(byPublication);
  return [...previous, ...unique.map((item) => item.id)];
}

/** Every archive page of `slots`, oldest first. */
export function archivePages(
  slots: readonly string[],
  contents: ReadonlyMap<string, Slot>,
  pageSize: number,
): ArchivePage[] {
  const count = Math.floor(slots.length / pageSize) + 1;
  const pages: ArchivePage[] = [];
  for (let number = 1; number <= count; number++) {
    const ids = slots.slice((number - 1) * pageSize, number * pageSize).reverse();
    const entries: Entry[] = [];
    const tombstones: Tombstone[] = [];
    for (const id of ids) {
      const slot = contents.get(id);
      if (slot?.kind === 'entry') entries.push(slot.entry);
      else if (slot?.kind === 'tombstone') tombstones.push(slot.tombstone);
    }
    pages.push({ number, entries, tombstones, updated: feedUpdated(entries, tombstones), hasNext: number < count });
  }
  return pages;
}

/** The path of page `number` under out/. */
export function archivePath(number: number): string {
  return `archive/${number}.xml`;
}
