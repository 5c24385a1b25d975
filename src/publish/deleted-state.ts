import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeletedRecord } from '../entries/deleted.js';
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
