import { copyFile, link, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { classifyFailure } from '../io-failure.js';
import type { FileMemory } from '../util/file-memory.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Two generations of each history file of the state folder (state.json, feeds.json,
 * last-good.json): before a new version replaces the current one, the current one becomes
 * `<name>.prev` (a hard link, so no bytes are copied). When the current file is unreadable
 * (truncated by a full disk, corrupt, of the wrong shape, deleted), the build falls back to the
 * previous generation instead of stopping (docs/operations.md, "How a build stays safe, and
 * why").
 *
 * A current file found damaged is never rotated over a good previous generation: the next
 * write replaces it and keeps `.prev` as it is.
 */

export function previousFile(file: string): string {
  return `${file}.prev`;
}

/** What a file holds, or why it holds nothing usable. */
type Attempt<T> = { ok: true; value: T } | { ok: false; missing: boolean; problem: string };

export type Reading<T> =
  /** The current generation, as written by the last build. */
  | { from: 'current'; value: T }
  /** The current file was unusable (`problem`); the previous generation was. */
  | { from: 'previous'; value: T; problem: string }
  /** Neither generation usable: both missing (a first build) or damaged (`problems`). */
  | { from: 'none'; firstBuild: boolean; problems: string[] };

/**
 * What a long-running job keeps of the history files (build.ts, BuildMemory): each file's
 * parsed value, as read or as written, so that a build after a correction parses none of the
 * 3 MB again. A value is stored under its own file's name only, so it is that file's `parse` result.
 */
export type GenerationMemory = FileMemory<unknown>;

/**
 * Read `file`, else its previous generation. `parse` checks the JSON's shape and returns the
 * value or why it is not one. A read failing for a reason other than absence (EIO, EACCES) is
 * an operational failure and stops the build: the file may be fine once the disk is.
 */
export async function readGenerations<T>(
  file: string,
  parse: (data: unknown) => T | string,
  memory?: GenerationMemory,
): Promise<Reading<T>> {
  // Only ever this file's parse result is remembered under its name (see GenerationMemory).
  const known = memory?.recall(file) as T | undefined;
  if (known !== undefined) return { from: 'current', value: known };
  const current = await attempt(file, parse);
  if (current.ok) {
    memory?.remember(file, current.value);
    return { from: 'current', value: current.value };
  }
  const previous = await attempt(previousFile(file), parse);
  if (previous.ok) return { from: 'previous', value: previous.value, problem: current.problem };
  return {
    from: 'none',
    firstBuild: current.missing && previous.missing,
    problems: [current.problem, previous.problem],
  };
}

async function attempt<T>(file: string, parse: (data: unknown) => T | string): Promise<Attempt<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: false, missing: true, problem: `${path.basename(file)} is missing` };
    throw classifyFailure(error);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const what = text.length === 0 ? 'it is empty' : (error as Error).message;
    return { ok: false, missing: false, problem: `${path.basename(file)} is not JSON (${what})` };
  }
  const value = parse(data);
  return typeof value === 'string'
    ? { ok: false, missing: false, problem: `${path.basename(file)} is not presswire state (${value})` }
    : { ok: true, value };
}

/**
 * Replace `file` with `content`, first keeping the current version as `<file>.prev` when
 * `keepPrevious` (the build read it as valid). With `ifChanged`, nothing happens when the
 * bytes are the same (SPEC §5: unchanged files keep their mtime). With `remember`, the job's
 * memory learns `value` as what the file holds: what parsing these bytes gives.
 */
export async function writeGeneration(
  file: string,
  content: string,
  options: {
    keepPrevious: boolean;
    ifChanged: boolean;
    remember?: { memory: GenerationMemory; value: unknown } | undefined;
  },
): Promise<void> {
  const unchanged = options.ifChanged && (await readFile(file, 'utf8').catch(() => undefined)) === content;
  if (!unchanged) {
    if (options.keepPrevious) await keepAsPrevious(file);
    await writeFileAtomic(file, content);
  }
  const { remember } = options;
  // Unchanged bytes: what the memory holds (if anything) is already their value, and the same
  // objects keep what is cached by identity (feeds/archive.ts) warm.
  if (remember && !(unchanged && remember.memory.recall(file) !== undefined))
    remember.memory.remember(file, remember.value);
}

async function keepAsPrevious(file: string): Promise<void> {
  const previous = previousFile(file);
  // Named like atomic-write.ts's temporary files, so that a build killed here leaves one the next sweeps.
  const aside = path.join(path.dirname(previous), `.${path.basename(previous)}.${process.pid}-0.presswire-tmp`);
  await rm(aside, { force: true });
  try {
    // A link is one inode for both names: the rename that publishes the new version then
    // leaves the old bytes under .prev, with none copied (state.json is 3 MB at 10,000 articles).
    await link(file, aside);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    // File systems without hard links.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw classifyFailure(error);
    await copyFile(file, aside).catch((copyError: unknown) => {
      throw classifyFailure(copyError);
    });
  }
  await rename(aside, previous).catch((error: unknown) => {
    throw classifyFailure(error);
  });
}
