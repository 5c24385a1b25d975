import type { EntryRecord } from './history.js';
import type { Entry, Tombstone } from '../model.js';

/**
 * An article file deleted on purpose is a withdrawal (docs/refusals.md, "Folders, vanished
 * archives and oversized images"): partners that ingested the entry are told to remove it
 * with the same RFC 6721 tombstone a `status: withdrawn` article gets. Pure: the build gives
 * what it saw.
 */

/** What is remembered of a deleted article, to keep its tombstone in the feeds (publish/deleted-state.ts). */
export type DeletedRecord = Omit<Tombstone, 'id'>;

export interface DeletionInput {
  /** The state's records by entry id. */
  records: Readonly<Record<string, EntryRecord>>;
  /** Every article file found this build (relative to articles/). */
  sourcePaths: ReadonlySet<string>;
  /** Ids of every article seen this build, whatever its disposition (a moved file keeps its id). */
  liveIds: ReadonlySet<string>;
  /** Deleted articles remembered by earlier builds. */
  remembered: Readonly<Record<string, DeletedRecord>>;
  /** The last published window, for the URL and filing of a newly deleted entry. */
  lastGood: ReadonlyMap<string, Entry>;
  now: number;
}

export interface DeletionOutcome {
  /** Tombstones of every deleted article still gone (the feeds keep the live ones for `feeds.tombstoneDays`). */
  tombstones: Tombstone[];
  /** Ids deleted for the first time this build: their records get `withdrawnAt`. */
  newlyDeleted: string[];
  /** What to remember next build. */
  remembered: Record<string, DeletedRecord>;
}

/** Whether any record's article vanished this build (cheap: decides whether the last window is read at all). */
export function anyNewlyDeleted(
  input: Pick<DeletionInput, 'records' | 'sourcePaths' | 'liveIds' | 'remembered'>,
): boolean {
  for (const [id, record] of Object.entries(input.records)) {
    if (record.withdrawnAt !== undefined || record.sourcePath === undefined) continue;
    if (!input.sourcePaths.has(record.sourcePath) && !input.liveIds.has(id) && !input.remembered[id]) return true;
  }
  return false;
}

export function findDeletions(input: DeletionInput): DeletionOutcome {
  const remembered: Record<string, DeletedRecord> = {};
  const newlyDeleted: string[] = [];
  for (const [id, record] of Object.entries(input.remembered)) {
    // Put back (its file, or an article with its id): published afresh, not a tombstone.
    if (!input.liveIds.has(id)) remembered[id] = record;
  }
  for (const [id, record] of Object.entries(input.records)) {
    if (record.withdrawnAt !== undefined || record.sourcePath === undefined) continue;
    if (input.sourcePaths.has(record.sourcePath) || input.liveIds.has(id) || remembered[id]) continue;
    const entry = input.lastGood.get(id);
    remembered[id] = {
      ...(entry ? { url: entry.url } : {}),
      when: input.now,
      sourcePath: record.sourcePath,
      ...(entry
        ? {
            published: entry.published,
            tags: entry.tags,
            authors: entry.authors,
            ...(entry.section ? { section: entry.section } : {}),
          }
        : {}),
    };
    newlyDeleted.push(id);
  }
  const tombstones = Object.entries(remembered).map(([id, record]) => ({ id, ...record }));
  return { tombstones, newlyDeleted, remembered };
}
