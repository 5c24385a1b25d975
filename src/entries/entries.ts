import type { Article, Entry, Tombstone } from '../model.js';
import { latest } from '../util/latest.js';

/**
 * What an article is in the feeds, and when it changed (pure; `now` is a value).
 * SPEC §3 "Corrections are updates": a correction never makes a new entry; the entry
 * keeps its id and publication date and its modification time moves.
 */

export type Disposition =
  { kind: 'syndicated' } | { kind: 'withdrawn' } | { kind: 'held'; reason: 'draft' | 'embargoed'; until?: number };

export function dispositionOf(article: Pick<Article, 'status' | 'embargo' | 'expires'>, now: number): Disposition {
  if (article.status === 'draft') return { kind: 'held', reason: 'draft' };
  if (article.status === 'withdrawn') return { kind: 'withdrawn' };
  // Hugo's expiryDate: an expired post leaves the feeds as a withdrawn one does.
  if (article.expires !== undefined && now >= article.expires) return { kind: 'withdrawn' };
  // SPEC §1: an embargoed article appears in the first build at or after its embargo instant.
  if (article.embargo !== undefined && now < article.embargo) {
    return { kind: 'held', reason: 'embargoed', until: article.embargo };
  }
  return { kind: 'syndicated' };
}

/** The latest of published, `updated:` and every correction date. */
export function modifiedTime(article: Pick<Article, 'published' | 'updated' | 'corrections'>): number {
  let modified = Math.max(article.published, article.updated ?? article.published);
  for (const correction of article.corrections) if (correction.date > modified) modified = correction.date;
  return modified;
}

/**
 * When a withdrawn article's tombstone says it was withdrawn (RFC 6721 `when`), so that a
 * clean build on another day gives the same bytes (SPEC §5): the article's own `withdrawn:`,
 * else the time an earlier build first saw it withdrawn (the state), else its latest declared
 * change (`updated:` or a correction, the edit that usually withdraws it), and only when the
 * article says nothing at all, the build's clock.
 */
export function withdrawalTime(
  article: Pick<Article, 'withdrawn' | 'updated' | 'corrections'>,
  firstSeen: number | undefined,
  now: number,
): number {
  if (article.withdrawn !== undefined) return article.withdrawn;
  if (firstSeen !== undefined) return firstSeen;
  const declared = [article.updated ?? -Infinity, ...article.corrections.map((c) => c.date)];
  const latest = Math.max(...declared);
  return Number.isFinite(latest) ? latest : now;
}

/** Newest first by modification time; ties broken by id so the order never depends on file order. */
export function compareEntries(a: Pick<Entry, 'modified' | 'id'>, b: Pick<Entry, 'modified' | 'id'>): number {
  return b.modified - a.modified || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The feed window: the `limit` most recently modified entries, in compareEntries order: what
 * sorting them all and keeping the first `limit` gives. Picked in one pass into a sorted
 * window instead: this runs for the main feed and every section, tag and author feed on
 * every rebuild, and sorting 10,000 entries to keep 50 was most of it.
 */
export function selectWindow<T extends Pick<Entry, 'modified' | 'id'>>(entries: readonly T[], limit: number): T[] {
  if (entries.length <= limit || limit > 256) return [...entries].sort(compareEntries).slice(0, limit);
  const window: T[] = [];
  if (limit <= 0) return window;
  for (const entry of entries) {
    const last = window[window.length - 1];
    if (window.length === limit && compareEntries(entry, last as T) >= 0) continue;
    // After every entry that sorts before or equal to it, as a stable sort would place it.
    let low = 0;
    let high = window.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareEntries(window[middle] as T, entry) <= 0) low = middle + 1;
      else high = middle;
    }
    window.splice(low, 0, entry);
    if (window.length > limit) window.pop();
  }
  return window;
}

/** Tombstones still within their retention period, newest first. */
export function liveTombstones(tombstones: readonly Tombstone[], now: number, retentionDays: number): Tombstone[] {
  const horizon = now - retentionDays * 86_400_000;
  return tombstones
    .filter((t) => t.when >= horizon)
    .sort((a, b) => b.when - a.when || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The feed's own updated time: its newest entry or tombstone, never "now" (SPEC §5). */
export function feedUpdated(
  entries: readonly Pick<Entry, 'modified'>[],
  tombstones: readonly Pick<Tombstone, 'when'>[],
): number {
  // Never spread into Math.max (util/latest.ts); a feed of articles before 1970 keeps their time.
  const newest = Math.max(
    latest(
      entries.map((e) => e.modified),
      -Infinity,
    ),
    latest(
      tombstones.map((t) => t.when),
      -Infinity,
    ),
  );
  return newest === -Infinity ? 0 : newest;
}
