import path from 'node:path';
import { z } from 'zod';
import type { EntryRecord } from '../entries/history.js';
import type { Entry } from '../model.js';
import { writeGeneration, type GenerationMemory } from './generations.js';

/**
 * The build state: what earlier builds published. It lives in the state folder
 * (config key `state`; default `<out>.presswire/`, beside out/ and never inside it, so it is
 * never published), in two files, both versioned, written atomically and only when their
 * bytes change:
 *
 * - `state.json`: one small record per entry id ever syndicated (body hash, declared and
 *   effective modification time, first and last published, when first seen withdrawn, the
 *   source file). Small enough for 50,000 articles (about 250 bytes each).
 * - `last-good.json`: the entries of the last published feed window, exactly as they were
 *   rendered. When an article in the window turns invalid, its last good entry comes from
 *   here. Only the window is kept, not every body: an article outside the window is not in
 *   the feeds, so nothing of it can vanish from them.
 *
 * The status file (status.ts) lives in the same folder.
 */

export const STATE_VERSION = 2;

/**
 * What a record must hold. Checked by this loop rather than a zod schema (as the other
 * state files are): state.json holds a record for every entry ever syndicated and every
 * rebuild reads it; zod's check copies each record and took 40–70 ms at 10,000 entries, a
 * twentieth of a no-op rebuild, where this takes 2 ms and copies nothing.
 */
const REQUIRED = { bodyHash: 'string', declaredModified: 'number', modified: 'number' } as const;
const OPTIONAL = {
  firstPublished: 'number',
  lastPublished: 'number',
  withdrawnAt: 'number',
  sourcePath: 'string',
  fieldsHash: 'string',
} as const;

/** Why `data` is not a state file (version 1 or 2), or undefined when it is one. */
function stateProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'not an object';
  const { version, entries } = data as { version?: unknown; entries?: unknown };
  if (version !== 1 && version !== STATE_VERSION) return `version ${JSON.stringify(version)}`;
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return 'no entries';
  for (const [id, record] of Object.entries(entries)) {
    if (typeof record !== 'object' || record === null) return `entry ${id} is not a record`;
    for (const [field, type] of Object.entries(REQUIRED))
      if (typeof (record as Record<string, unknown>)[field] !== type) return `entry ${id}: ${field} is not a ${type}`;
    for (const [field, type] of Object.entries(OPTIONAL)) {
      const value = (record as Record<string, unknown>)[field];
      if (value !== undefined && typeof value !== type) return `entry ${id}: ${field} is not a ${type}`;
    }
  }
  return undefined;
}

export interface BuildState {
  version: typeof STATE_VERSION;
  entries: Record<string, EntryRecord>;
}

export function emptyState(): BuildState {
  return { version: STATE_VERSION, entries: {} };
}

export function stateFile(stateDir: string): string {
  return path.join(stateDir, 'state.json');
}

export function lastGoodFile(stateDir: string): string {
  return path.join(stateDir, 'last-good.json');
}

/** `data` as the build state, or why it is not one (publish/generations.ts). */
export function parseStateData(data: unknown): BuildState | string {
  const problem = stateProblem(data);
  if (problem !== undefined) return problem;
  return { version: STATE_VERSION, entries: (data as { entries: Record<string, EntryRecord> }).entries };
}

const RECORD_FIELDS = [
  'bodyHash',
  'declaredModified',
  'modified',
  'firstPublished',
  'lastPublished',
  'withdrawnAt',
  'sourcePath',
  'fieldsHash',
] as const satisfies readonly (keyof EntryRecord)[];

/**
 * Whether two states hold the same records (pure). A rebuild with nothing changed then
 * skips serializing and comparing `state.json` (3 MB at 10,000 articles) altogether.
 */
export function sameEntries(a: BuildState['entries'], b: BuildState['entries']): boolean {
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((id) => {
    const x = a[id];
    const y = b[id] as EntryRecord;
    return x !== undefined && RECORD_FIELDS.every((field) => x[field] === y[field]);
  });
}

/**
 * Records by id in code-unit order, so the same state always has the same bytes; compact,
 * because after a correction this file (2.3 MB at 10,000 articles) is the largest one a
 * rebuild rewrites. The build keeps the order of the records it read and adds new
 * ones at the end, so most writes find the records in order and sort nothing. The build
 * calls this only when a record changed (sameEntries) or the file is missing, so the bytes
 * differ and are written without reading the old ones to compare.
 */
export async function writeState(
  stateDir: string,
  state: BuildState,
  keepPrevious = false,
  memory?: GenerationMemory,
): Promise<void> {
  const entries = inKeyOrder(state.entries) ? state.entries : sortedByKey(state.entries);
  await writeGeneration(stateFile(stateDir), `${JSON.stringify({ version: state.version, entries })}\n`, {
    keepPrevious,
    ifChanged: false,
    // What parseStateData gives for these bytes.
    remember: memory && { memory, value: { version: STATE_VERSION, entries } },
  });
}

function inKeyOrder(record: Record<string, unknown>): boolean {
  let previous: string | undefined;
  for (const key in record) {
    if (previous !== undefined && previous >= key) return false;
    previous = key;
  }
  return true;
}

export const LAST_GOOD_VERSION = 1;

const lastGoodSchema = z.object({
  version: z.literal(LAST_GOOD_VERSION),
  // Written by writeLastGood from Entry values and read back only by this module.
  entries: z.record(
    z.string(),
    z.custom<Entry>((value) => typeof value === 'object' && value !== null && typeof (value as Entry).id === 'string'),
  ),
});

/** `data` as the last published window by entry id, or why it is not one (publish/generations.ts). */
export function parseLastGoodData(data: unknown): Map<string, Entry> | string {
  const parsed = lastGoodSchema.safeParse(data);
  if (!parsed.success) return `not last-good entries version ${LAST_GOOD_VERSION}`;
  return new Map(Object.entries(parsed.data.entries));
}

export async function writeLastGood(stateDir: string, window: readonly Entry[], keepPrevious = false): Promise<void> {
  const entries = Object.fromEntries(window.map((entry) => [entry.id, entry]));
  await writeGeneration(
    lastGoodFile(stateDir),
    `${JSON.stringify({ version: LAST_GOOD_VERSION, entries: sortedByKey(entries) })}\n`,
    { keepPrevious, ifChanged: true },
  );
}

// Sorted keys: the same state always has the same bytes.
function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
