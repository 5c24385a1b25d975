import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { anyNewlyDeleted, findDeletions, type DeletedRecord, type DeletionOutcome } from '../entries/deleted.js';
import type { EntryRecord } from '../entries/history.js';
import type { Entry } from '../model.js';
import { writeIfChanged } from './atomic-write.js';
import { readRecordFile } from './record-file.js';

/**
 * `<state>/deleted.json`: the articles whose files were deleted on purpose, with what their
 * tombstones need (entries/deleted.ts). Written only when it changed; a missing or damaged
 * file forgets the tombstones of earlier deletions (their archive slots turn empty), never
 * an entry.
 */

const VERSION = 1;

function file(stateDir: string): string {
  return path.join(stateDir, 'deleted.json');
}

export async function readDeleted(stateDir: string): Promise<Record<string, DeletedRecord>> {
  return readRecordFile(
    file(stateDir),
    (data) => {
      const { version, deleted } = data as { version?: number; deleted?: Record<string, DeletedRecord> };
      return version === VERSION && deleted && typeof deleted === 'object' ? deleted : undefined;
    },
    {},
  );
}

export async function writeDeleted(stateDir: string, deleted: Record<string, DeletedRecord>): Promise<void> {
  const ids = Object.keys(deleted).sort();
  if (ids.length === 0) {
    // Nothing to remember: no file (a site that never deleted an article has none).
    const existing = await readFile(file(stateDir), 'utf8').catch(() => undefined);
    if (existing === undefined) return;
  }
  const sorted = Object.fromEntries(ids.map((id) => [id, deleted[id]]));
  await writeIfChanged(file(stateDir), `${JSON.stringify({ version: VERSION, deleted: sorted })}\n`);
}

/**
 * The deletions of this build (entries/deleted.ts decides): reads what earlier builds
 * remembered, and the last published window only when an article vanished this build.
 */
export async function settleDeletions(input: {
  stateDir: string;
  records: Readonly<Record<string, EntryRecord>>;
  sourcePaths: readonly string[];
  liveIds: ReadonlySet<string>;
  lastGood: () => Promise<ReadonlyMap<string, Entry>>;
  now: number;
}): Promise<DeletionOutcome> {
  const remembered = await readDeleted(input.stateDir);
  const seen = { records: input.records, sourcePaths: new Set(input.sourcePaths), liveIds: input.liveIds, remembered };
  const lastGood = anyNewlyDeleted(seen) ? await input.lastGood() : new Map<string, Entry>();
  return findDeletions({ ...seen, lastGood, now: input.now });
}
