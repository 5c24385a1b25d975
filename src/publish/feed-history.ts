import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { XMLParser } from 'fast-xml-parser';
import type { EntryRecord } from '../entries/history.js';
import type { FacetKind, FeedState } from '../feeds/plan.js';
import { lazyRequire } from '../util/lazy-require.js';

/**
 * What presswire's own published Atom feeds say about the history the state files keep
 * (docs/operations.md, "How a build stays safe, and why"): when the state and its previous
 * generation are both lost, entries' publication and modification times, withdrawals'
 * times, the archive slots and the facet slugs are read back from out/. Parsing is pure
 * (historyOfDocuments); reading the files is readPublishedHistory.
 */

export interface PublishedHistory {
  /** Entry id → its times as the feeds carry them (the newest, if feeds disagree). */
  entries: Map<string, { published: number; modified: number }>;
  /** Withdrawn entry id → RFC 6721 `when`. */
  tombstones: Map<string, number>;
  /** Archive page number → ids on it (tombstones and entries). */
  archivePages: Map<number, string[]>;
  /** Facet name → slug, per kind, from the facet feeds' folders. */
  slugs: Record<FacetKind, Record<string, string>>;
  /** Atom documents read. */
  documents: number;
}

/** One Atom document, with its path under out/ (POSIX). */
export interface PublishedDocument {
  path: string;
  text: string;
}

// Loaded when a published feed is first read: a first build, with no feed published yet to
// read, does without it (145 KB of code, about 5 ms of the main thread where it works alone).
const fastXmlParser = lazyRequire<typeof import('fast-xml-parser')>('fast-xml-parser');
let parser: XMLParser | undefined;

function atomParser(): XMLParser {
  return (parser ??= new (fastXmlParser().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => name === 'entry' || name === 'at:deleted-entry',
  }));
}

const FACET_FEED = /^(sections|tags|authors)\/([^/]+)\/([^/]+)$/;
const ARCHIVE_PAGE = /^archive\/(\d+)\.xml$/;

/** How each facet feed's subtitle names its facet (feeds/plan.ts writes them). */
function facetName(kind: FacetKind, subtitle: string, siteTitle: string): string | undefined {
  const suffix = `, from ${siteTitle}.`;
  if (!subtitle.endsWith(suffix)) return undefined;
  const head = subtitle.slice(0, -suffix.length);
  const quoted = (prefix: string) =>
    head.startsWith(prefix) && head.endsWith('”') ? head.slice(prefix.length, -1) : undefined;
  if (kind === 'sections') return quoted('Every dispatch in the section “');
  if (kind === 'tags') return quoted('Every dispatch tagged “');
  return head.startsWith('Every dispatch by ') ? head.slice('Every dispatch by '.length) : undefined;
}

function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && typeof (node as { '#text'?: unknown })['#text'] === 'string')
    return (node as { '#text': string })['#text'];
  return undefined;
}

/** The history a set of presswire Atom documents carries (pure). Documents that are not Atom feeds are skipped. */
export function historyOfDocuments(documents: readonly PublishedDocument[], siteTitle: string): PublishedHistory {
  const history: PublishedHistory = {
    entries: new Map(),
    tombstones: new Map(),
    archivePages: new Map(),
    slugs: { sections: {}, tags: {}, authors: {} },
    documents: 0,
  };
  for (const document of documents) {
    let feed: Record<string, unknown> | undefined;
    try {
      feed = (atomParser().parse(document.text) as { feed?: Record<string, unknown> }).feed;
    } catch {
      continue;
    }
    if (!feed) continue;
    history.documents += 1;
    const ids: string[] = [];
    for (const tombstone of (feed['at:deleted-entry'] ?? []) as Record<string, unknown>[]) {
      const id = tombstone['@ref'];
      const when = Date.parse(String(tombstone['@when']));
      if (typeof id !== 'string' || Number.isNaN(when)) continue;
      ids.push(id);
      history.tombstones.set(id, Math.max(when, history.tombstones.get(id) ?? when));
    }
    for (const entry of (feed.entry ?? []) as Record<string, unknown>[]) {
      const id = text(entry.id);
      const published = Date.parse(text(entry.published) ?? '');
      const modified = Date.parse(text(entry.updated) ?? '');
      if (id === undefined || Number.isNaN(published) || Number.isNaN(modified)) continue;
      ids.push(id);
      const known = history.entries.get(id);
      if (!known || known.modified < modified) history.entries.set(id, { published, modified });
    }
    const page = ARCHIVE_PAGE.exec(document.path);
    if (page) history.archivePages.set(Number(page[1]), ids);
    const facet = FACET_FEED.exec(document.path);
    const subtitle = text(feed.subtitle);
    if (facet && subtitle !== undefined) {
      const kind = facet[1] as FacetKind;
      const name = facetName(kind, subtitle, siteTitle);
      if (name !== undefined) history.slugs[kind][name] = facet[2] as string;
    }
  }
  return history;
}

/** Every Atom document presswire publishes in out/ (main, facet and archive feeds). */
export async function readPublishedHistory(
  outDir: string,
  siteTitle: string,
  atomFile = 'atom.xml',
): Promise<PublishedHistory> {
  const names = await readdir(outDir, { recursive: true }).catch(() => [] as string[]);
  const wanted = names
    .map((name) => name.split(path.sep).join('/'))
    .filter((name) => name === atomFile || ARCHIVE_PAGE.test(name) || FACET_FEED.exec(name)?.[3] === atomFile);
  const documents = await Promise.all(
    wanted.map(async (name) => ({ path: name, text: await readFile(path.join(outDir, name), 'utf8').catch(() => '') })),
  );
  return historyOfDocuments(documents, siteTitle);
}

/**
 * State records completed from the feeds (pure): an entry the records do not know, or know
 * with an older modification time than the feeds carry (an unannounced edit's time, a
 * correction seen by a build whose record was lost), takes the feeds' time; a withdrawal
 * takes the feeds' tombstone time. A body hash of '' means "unknown": the next build takes
 * the body it finds as the one published (entries/history.ts). Returns how many records it
 * added or changed.
 */
export function mergeHistoryIntoRecords(records: Record<string, EntryRecord>, history: PublishedHistory): number {
  let changed = 0;
  for (const [id, { modified }] of history.entries) {
    const known = records[id];
    if (known && known.modified >= modified) continue;
    records[id] = known ? { ...known, bodyHash: '', modified } : { bodyHash: '', declaredModified: modified, modified };
    changed += 1;
  }
  for (const [id, when] of history.tombstones) {
    const known = records[id];
    if (known?.withdrawnAt !== undefined) continue;
    records[id] = { ...(known ?? { bodyHash: '', declaredModified: when, modified: when }), withdrawnAt: when };
    changed += 1;
  }
  return changed;
}

/** Prefix of the placeholder ids that hold the slots of entries no archive page shows any more. */
export const VACANT_SLOT = '\u0000vacant:';

/**
 * The archive slot list from the archive pages (pure). Page n holds slots (n-1)·size …
 * n·size-1; within a page, slots were filled in publication order (feeds/archive.ts), so
 * that order is restored from `published` (the feeds' for entries, the articles' for
 * withdrawn ones). A full page that shows fewer ids had empty slots (articles missing at the
 * last build): placeholders keep the later pages where they were.
 */
export function archiveSlotsOfHistory(
  history: PublishedHistory,
  pageSize: number,
  publishedOf: (id: string) => number | undefined,
): { slots: string[]; vacant: number } {
  const numbers = [...history.archivePages.keys()].sort((a, b) => a - b);
  const last = numbers[numbers.length - 1] ?? 0;
  const slots: string[] = [];
  let vacant = 0;
  for (let number = 1; number <= last; number++) {
    const ids = [...new Set(history.archivePages.get(number) ?? [])];
    const when = (id: string) => history.entries.get(id)?.published ?? publishedOf(id) ?? Number.MAX_SAFE_INTEGER;
    ids.sort((a, b) => when(a) - when(b) || (a < b ? -1 : a > b ? 1 : 0));
    slots.push(...ids);
    if (number < last) {
      for (let i = ids.length; i < pageSize; i++) {
        slots.push(`${VACANT_SLOT}${number}:${i}`);
        vacant += 1;
      }
    }
  }
  return { slots, vacant };
}

/**
 * A feed state completed from the feeds (pure): slots the archive pages show that `state`
 * does not hold are appended in their pages' order (placeholders of empty slots only when
 * `state` holds no slot at all), and facet names it does not know take the slug of the
 * folder their feed is published in.
 */
export function mergeHistoryIntoFeedState(
  state: FeedState,
  history: PublishedHistory,
  slots: readonly string[],
): FeedState {
  const known = new Set(state.archive);
  const fresh =
    state.archive.length === 0 ? slots : slots.filter((id) => !id.startsWith(VACANT_SLOT) && !known.has(id));
  const slugs = { ...state.slugs };
  for (const kind of ['sections', 'tags', 'authors'] as const)
    slugs[kind] = { ...history.slugs[kind], ...state.slugs[kind] };
  return { version: 1, archive: fresh.length === 0 ? state.archive : [...state.archive, ...fresh], slugs };
}
