/**
 * What earlier builds saw (pure). The state file (publish/state.ts) stores one record per
 * entry id; these functions decide, from that record and the article as it is now, the
 * entry's effective modification time and whether it changed without saying so.
 */

/** One entry's memory across builds. */
export interface EntryRecord {
  /** Hash of the Markdown body the last build saw. */
  bodyHash: string;
  /**
   * Hashes of the headline, dek and lead image fields the last build saw
   * (significant-edits.ts); absent in records written before they were kept.
   */
  fieldsHash?: string;
  /** Modification time the article itself declared then (published, updated:, corrections). */
  declaredModified: number;
  /** Modification time the feeds carried then (declared, or when an unannounced edit was seen). */
  modified: number;
  /** First and last build that syndicated it (epoch ms). */
  firstPublished?: number;
  lastPublished?: number;
  /** When the build first saw it withdrawn. */
  withdrawnAt?: number;
  /**
   * The article file it came from (relative to articles/), so that when that file turns
   * invalid the build can find the entry it used to make and keep it.
   */
  sourcePath?: string;
}

export interface ModificationVerdict {
  modified: number;
  /** The body (or a significant field) changed, with no new correction and no new `updated:` (SPEC §3). */
  unannouncedEdit: boolean;
}

/**
 * SPEC §3: a body that changed since the last build with no new correction and no new
 * `updated:` is an unannounced edit. It is reported, and the entry's modified time moves
 * to the build at which the change was first seen, so subscribers still get the update.
 */
export function decideModified(
  previous: EntryRecord | undefined,
  bodyHash: string,
  declaredModified: number,
  now: number,
  /** Significant fields changed too (significant-edits.ts): an edit like a body change. */
  fieldsEdited = false,
): ModificationVerdict {
  if (!previous) return { modified: declaredModified, unannouncedEdit: false };
  if (declaredModified > previous.declaredModified) {
    // Announced: a new correction or `updated:`. Never move backwards past an edit already shown.
    return { modified: Math.max(declaredModified, previous.modified), unannouncedEdit: false };
  }
  // An empty hash is a record recovered from the published feeds (publish/feed-history.ts):
  // the body then published is unknown, so the body found is taken as that one.
  if ((previous.bodyHash !== '' && bodyHash !== previous.bodyHash) || fieldsEdited)
    return { modified: Math.max(now, previous.modified), unannouncedEdit: true };
  return { modified: Math.max(declaredModified, previous.modified), unannouncedEdit: false };
}

/**
 * The state record of a syndicated entry. firstPublished: the build that first syndicated
 * it; lastPublished: the build that first syndicated its current version (body or
 * modification time changed), so that a rebuild with nothing changed leaves the state's
 * bytes alone.
 */
export function recordFor(
  previous: EntryRecord | undefined,
  { bodyHash, fieldsHash }: { bodyHash: string; fieldsHash: string },
  declared: number,
  modified: number,
  now: number,
  sourcePath: string,
): EntryRecord {
  const changed =
    !previous ||
    previous.bodyHash !== bodyHash ||
    // A record from before field hashes were kept adopts them without counting as a change.
    (previous.fieldsHash !== undefined && previous.fieldsHash !== fieldsHash) ||
    previous.modified !== modified ||
    previous.withdrawnAt !== undefined;
  // Unchanged (nearly every record of a rebuild): the record read is the record kept.
  if (
    !changed &&
    previous.fieldsHash === fieldsHash &&
    previous.declaredModified === declared &&
    previous.sourcePath === sourcePath &&
    previous.firstPublished !== undefined &&
    previous.lastPublished !== undefined
  )
    return previous;
  return {
    bodyHash,
    fieldsHash,
    declaredModified: declared,
    modified,
    firstPublished: previous?.firstPublished ?? now,
    lastPublished: changed ? now : (previous?.lastPublished ?? now),
    sourcePath,
  };
}

/**
 * The records the next build reads (pure). Records keep the order they were read in (sorted,
 * publish/state.ts), new ones are added at the end in the order given, and records of
 * entries not seen this build (an invalid edit, a deleted file) stay as they were, so that
 * their history survives until they come back. A newly deleted article's record is marked
 * withdrawn now (entries/deleted.ts).
 */
export function nextRecords(
  records: Readonly<Record<string, EntryRecord>>,
  updates: readonly (readonly [id: string, record: EntryRecord])[],
  newlyDeleted: readonly string[],
  now: number,
): Record<string, EntryRecord> {
  const next: Record<string, EntryRecord> = { ...records };
  for (const [id, record] of updates) next[id] = record;
  for (const id of newlyDeleted) next[id] = { ...(records[id] as EntryRecord), withdrawnAt: now };
  return next;
}
