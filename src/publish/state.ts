import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EntryRecord } from '../entries/history.js';
import { StateError } from '../errors.js';
import type { Entry } from '../model.js';
import { writeIfChanged } from './atomic-write.js';

/**
 * The build state: what earlier builds published (issue 4). It lives in the state folder
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

const recordSchema = z.object({
  bodyHash: z.string(),
  declaredModified: z.number(),
  modified: z.number(),
  firstPublished: z.number().optional(),
  lastPublished: z.number().optional(),
  withdrawnAt: z.number().optional(),
  sourcePath: z.string().optional(),
});

// Version 1 had the same records without `sourcePath`; it reads as version 2 whose records
// do not know their file yet (the next build fills it in).
const stateSchema = z.object({
  version: z.union([z.literal(1), z.literal(STATE_VERSION)]),
  entries: z.record(z.string(), recordSchema),
});

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

/** Read the state; a missing file is a first build. An unreadable one is an error: guessing would rewrite history. */
export async function readState(stateDir: string): Promise<BuildState> {
  const data = await readJson(stateFile(stateDir));
  if (data === undefined) return emptyState();
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    throw new StateError(
      `${stateFile(stateDir)}: expected presswire state version ${STATE_VERSION} but received something else (${parsed.error.issues[0]?.message ?? 'unknown'}); move the file aside to start afresh (entries edited since will then not be reported as unannounced edits)`,
    );
  }
  return { version: STATE_VERSION, entries: parsed.data.entries as Record<string, EntryRecord> };
}

const RECORD_FIELDS = [
  'bodyHash',
  'declaredModified',
  'modified',
  'firstPublished',
  'lastPublished',
  'withdrawnAt',
  'sourcePath',
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
 * rebuild rewrites (issue 8). The build keeps the order of the records it read and adds new
 * ones at the end, so most writes find the records in order and sort nothing.
 */
export async function writeState(stateDir: string, state: BuildState): Promise<void> {
  const entries = inKeyOrder(state.entries) ? state.entries : sortedByKey(state.entries);
  await writeIfChanged(stateFile(stateDir), `${JSON.stringify({ version: state.version, entries })}\n`);
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

/** The last published window, by entry id; empty before the first build. */
export async function readLastGood(stateDir: string): Promise<Map<string, Entry>> {
  const data = await readJson(lastGoodFile(stateDir));
  if (data === undefined) return new Map();
  const parsed = lastGoodSchema.safeParse(data);
  if (!parsed.success) {
    throw new StateError(
      `${lastGoodFile(stateDir)}: expected presswire last-good entries version ${LAST_GOOD_VERSION} but received something else; move the file aside to start afresh`,
    );
  }
  return new Map(Object.entries(parsed.data.entries));
}

export async function writeLastGood(stateDir: string, window: readonly Entry[]): Promise<void> {
  const entries = Object.fromEntries(window.map((entry) => [entry.id, entry]));
  await writeIfChanged(
    lastGoodFile(stateDir),
    `${JSON.stringify({ version: LAST_GOOD_VERSION, entries: sortedByKey(entries) })}\n`,
  );
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`${file}: cannot read the state: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StateError(
      `${file}: expected JSON but ${(error as Error).message}; move the file aside to start afresh`,
      { cause: error },
    );
  }
}

// Sorted keys: the same state always has the same bytes.
function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
