import { rmSync, type Dirent } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
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
/**
 * Shared with the threads that create temporary files (images/rendition-writer.ts):
 * [EXITING] is set on the way out; [CREATING] counts the threads between their look at it
 * and the creation of a file. The exit hook sets the first, waits for the second to drop
 * to 0, then removes every temporary file: a thread that looked before sees its file
 * removed, one that looks after creates none.
 */
export const exitGate = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
export const EXITING = 0;
export const CREATING = 1;
function removeInFlight(): void {
  Atomics.store(exitGate, EXITING, 1);
  // A creation takes microseconds; the bound only guards against a thread stuck in the kernel.
  for (let waited = 0; Atomics.load(exitGate, CREATING) > 0 && waited < 1000; waited += 5)
    Atomics.wait(exitGate, CREATING, Atomics.load(exitGate, CREATING), 5);
  for (const file of inFlight) rmSync(file, { force: true });
}

function temporaryFor(file: string): string {
  sequence += 1;
  if (!exitHookInstalled) {
    process.on('exit', removeInFlight);
    exitHookInstalled = true;
  }
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}-${sequence}${TEMPORARY_SUFFIX}`,
  );
  inFlight.add(temporary);
  return temporary;
}

/**
 * A new temporary file, its folder made only when missing: nearly every file is written into
 * a folder that exists, so the open alone is tried first (a cold build of 10,000 articles
 * writes hundreds of feeds, and a recursive mkdir before each was its own call).
 */
async function openAside(temporary: string): Promise<FileHandle> {
  try {
    return await open(temporary, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(temporary), { recursive: true });
    return await open(temporary, 'wx');
  }
}

/** A failure names the file being published, not the temporary one (a write through a handle names none). */
function naming(error: unknown, file: string): unknown {
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') {
    (error as NodeJS.ErrnoException).path = file;
  }
  return error;
}

export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  options: { renameAfter?: Promise<unknown> } = {},
): Promise<void> {
  // Settled into a value at once: a failure of the file before is this call's to report,
  // not an unhandled rejection while this one is still writing.
  const before = options.renameAfter?.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  const temporary = temporaryFor(file);
  let ahead: { error: unknown } | undefined;
  try {
    const handle = await openAside(temporary);
    try {
      await handle.writeFile(content);
      // Data on disk before the rename makes it visible: after a power cut the name points
      // at the old bytes or the new ones, never at an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Written aside while the file before it may still be; renamed only after it is, so
    // that files appear in the order they were asked for (publish/publish-build.ts). When
    // that one failed, this one is not published either, and the failure stays that one's.
    ahead = await before;
    if (ahead) throw ahead.error;
    // The file becomes visible here: a build that lost its lock stops before it (lock-gate.ts).
    await beforePublishing();
    await rename(temporary, file);
  } catch (error) {
    // Cleaning up never hides why the write failed (a folder that is a file fails the rm too).
    await rm(temporary, { force: true }).catch(() => undefined);
    if (ahead) throw ahead.error;
    // A full disk or a read-only folder is an operational failure, not a bug.
    throw classifyFailure(naming(error, file));
  } finally {
    inFlight.delete(temporary);
  }
}

/** A file written aside: its size, its mtime (a rename keeps it) and the sha256 of its bytes, hashed while at hand. */
export interface WrittenAside {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * Writes each file of a batch to its temporary name, in order; making the bytes durable is
 * left to the caller (FilesAside). A failure carries the `index` of the file it happened to,
 * and leaves no temporary file behind.
 */
export type AsideWriter = (temporaries: readonly string[]) => Promise<WrittenAside[]>;

/**
 * New files of one folder written aside under hidden temporary names, not visible yet: each
 * is later published whole as writeFileAtomic publishes one (renamed into place after the
 * publishing check), or the ones not published are discarded. Their bytes must be on disk
 * before publish(); making them durable is the writer's, for many batches at once
 * (images/rendition-publisher.ts: one flush for a group of them costs far less than an
 * fsync each as it is written).
 */
export class FilesAside {
  /** Files renamed into place or discarded so far, in order. */
  private settled = 0;

  private constructor(
    readonly targets: readonly string[],
    readonly temporaries: readonly string[],
    /** What was learnt of each file as it was written (a rename keeps its mtime). */
    readonly written: readonly WrittenAside[],
  ) {}

  /**
   * Writes the files `names` aside in `folder` with `writeAside`, which is given their
   * temporary names; on a failure none is left and the failure names its file.
   */
  static async write(folder: string, names: readonly string[], writeAside: AsideWriter): Promise<FilesAside> {
    await mkdir(folder, { recursive: true });
    const targets = names.map((name) => path.join(folder, name));
    const temporaries = targets.map(temporaryFor);
    try {
      return new FilesAside(targets, temporaries, await writeAside(temporaries));
    } catch (error) {
      await Promise.all(temporaries.map((temporary) => rm(temporary, { force: true })));
      for (const temporary of temporaries) inFlight.delete(temporary);
      const index = (error as { index?: unknown }).index;
      throw await publishingFailure(error, typeof index === 'number' ? targets[index] : undefined);
    }
  }

  /** Renames every file into place in order, each after the publishing check; on a failure the rest are discarded. */
  async publish(): Promise<void> {
    try {
      for (; this.settled < this.targets.length; this.settled++) {
        await beforePublishing();
        const target = this.targets[this.settled] as string;
        await rename(this.temporaries[this.settled] as string, target).catch((error: unknown) => {
          throw naming(error, target);
        });
      }
      this.release();
    } catch (error) {
      await this.discard();
      throw await publishingFailure(error);
    }
  }

  /** Removes every file not published yet. */
  async discard(): Promise<void> {
    const left = this.temporaries.slice(this.settled);
    this.settled = this.targets.length;
    await Promise.all(left.map((temporary) => rm(temporary, { force: true })));
    this.release();
  }

  private release(): void {
    for (const temporary of this.temporaries) inFlight.delete(temporary);
  }
}

/**
 * The failure to report for a file that could not be published, named by its published name
 * when known. A build that lost its lock meanwhile (frozen past the stale time, while another
 * build took over and swept its temporary files) says that, whatever failed first; a full
 * disk or a read-only folder is an operational failure, not a bug.
 */
export async function publishingFailure(error: unknown, file?: string): Promise<unknown> {
  await beforePublishing();
  return classifyFailure(file === undefined ? error : naming(error, file));
}

export type WriteOutcome = 'written' | 'unchanged';

/**
 * A file's content as a Buffer: a string encoded, bytes viewed where they are, never copied
 * (a cold build's feeds are about 90 MB, handed over from the serializing threads).
 */
export function bytesOf(content: string | Uint8Array): Buffer {
  return typeof content === 'string'
    ? Buffer.from(content, 'utf8')
    : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/**
 * Write only when the bytes differ (SPEC §5): an unchanged file keeps its mtime, so web
 * servers' ETag and Last-Modified stay valid.
 */
export async function writeIfChanged(file: string, content: string | Uint8Array): Promise<WriteOutcome> {
  const bytes = bytesOf(content);
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
