import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EntryRecord } from '../entries/history.js';
import { writeIfChanged } from './atomic-write.js';

/**
 * The build state: what earlier builds published, per entry id (issue 4). Lives at
 * `<state>/state.json` (config key `state`, default `.presswire/`), never in out/.
 * Versioned; written atomically and only when it changed.
 */

export const STATE_VERSION = 1;

const recordSchema = z.object({
  bodyHash: z.string(),
  declaredModified: z.number(),
  modified: z.number(),
  firstPublished: z.number().optional(),
  lastPublished: z.number().optional(),
  withdrawnAt: z.number().optional(),
});

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
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

/** Read the state; a missing file is a first build. An unreadable one is an error: guessing would rewrite history. */
export async function readState(stateDir: string): Promise<BuildState> {
  const file = stateFile(stateDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${file}: expected presswire state version ${STATE_VERSION}; move the file aside to start afresh`);
  }
  return parsed.data as BuildState;
}

export async function writeState(stateDir: string, state: BuildState): Promise<void> {
  // Sorted keys: the same state always has the same bytes.
  const sorted = Object.fromEntries(Object.entries(state.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeIfChanged(stateFile(stateDir), JSON.stringify({ version: state.version, entries: sorted }, null, 1) + '\n');
}
