import { rmSync, type Dirent } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { classifyFailure } from '../io-failure.js';
import { beforePublishing } from './lock-gate.js';

/**
 * Every file in out/ is replaced whole (SPEC §5): the bytes go to a temporary file beside
 * the target, are fsynced, and the temporary file is renamed over the target (rename(2) is
 * atomic within a folder), so a reader, or a build killed at any moment, never sees half a
 * file.
 *
 * Hand-written rather than write-file-atomic: that library names its temporary
 * files `<name>.<number>` and removes them only on a catchable exit, so every SIGKILL left
 * one in the public folder for ever, indistinguishable from a real file. Ours are hidden
 * (leading dot), carry an unmistakable suffix, and the next build sweeps them
 * (sweepTemporaryFiles) while it holds the lock.
 */

const TEMPORARY_SUFFIX = '.presswire-tmp';
const TEMPORARY_NAME = /^\..+\.\d+-\d+\.presswire-tmp$/;

// Unique per process; combined with the pid, no two writers ever share a temporary name.
let sequence = 0;

// Temporary files being written right now. A process.exit (the second SIGTERM)
// removes them on the way out; only a SIGKILL leaves one, for the next build to sweep.
// Process-wide on purpose: it tracks this process's open files, it caches nothing.
const inFlight = new Set<string>();
let exitHookInstalled = false;
function removeInFlight(): void {
  for (const file of inFlight) rmSync(file, { force: true });
}

export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true });
  sequence += 1;
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}-${sequence}${TEMPORARY_SUFFIX}`);
  if (!exitHookInstalled) {
    process.on('exit', removeInFlight);
    exitHookInstalled = true;
  }
  inFlight.add(temporary);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content);
      // Data on disk before the rename makes it visible: after a power cut the name points
      // at the old bytes or the new ones, never at an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The file becomes visible here: a build that lost its lock stops before it (lock-gate.ts).
    await beforePublishing();
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    // A full disk or a read-only folder names the file being published, not the temporary
    // one (a write through a handle names none), and is an operational failure, not a bug.
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') {
      (error as NodeJS.ErrnoException).path = file;
    }
    throw classifyFailure(error);
  } finally {
    inFlight.delete(temporary);
  }
}

export type WriteOutcome = 'written' | 'unchanged';

/**
 * Write only when the bytes differ (SPEC §5): an unchanged file keeps its mtime, so web
 * servers' ETag and Last-Modified stay valid.
 */
export async function writeIfChanged(file: string, content: string | Uint8Array): Promise<WriteOutcome> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const existing = await readFile(file).catch(() => undefined);
  if (existing && existing.equals(bytes)) return 'unchanged';
  await writeFileAtomic(file, bytes);
  return 'written';
}

/**
 * Remove temporary files that a killed build left under `folder` (recursively). Call only
 * while holding the lock of that folder: then no other writer can own one of them.
 * Returns the removed paths, relative to `folder`.
 */
export async function sweepTemporaryFiles(folder: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    // With file types: Node 20 lists bare names recursively by stat-ing every entry, ten
    // times slower over the 10,000 files of a body store.
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const leftovers = entries
    .filter((entry) => TEMPORARY_NAME.test(entry.name))
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
  if (leftovers.length > 0) await beforePublishing();
  for (const name of leftovers) await rm(path.join(folder, name), { force: true });
  return leftovers.sort();
}
