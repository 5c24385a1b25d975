import { Worker } from 'node:worker_threads';
import { CREATING, exitGate, EXITING, type WrittenAside } from '../publish/atomic-write.js';
import { FileSystemFlusher } from '../publish/file-system-flush.js';
import {
  asideError,
  writeFilesAside,
  type ExitGateView,
  type FileToWriteAside,
  type WriteAsideOutcome,
} from './write-aside.js';

/**
 * Renditions are written aside by threads of their own (I/O). A cold build writes
 * thousands of files. Through Node's asynchronous file calls each of those is several
 * round trips through the thread pool sharp encodes in, and a trail of promises for the
 * main thread's collector. Here a thread makes the plain system calls and hashes each file
 * while it is at hand (write-aside.ts); the encodes keep the pool. This writer thread
 * writes what sharp encodes on the main thread, for a build with a few photos; for many,
 * the image thread writes its own (image-thread.ts). One thread writes, because the files go
 * into one folder: a file's creation holds the folder's lock, and more writers only wait on
 * it, spinning (four writers took 3.4–3.6 s of CPU in a cold build of 6,240 renditions, one
 * writer 0.6 s; docs/architecture.md, "One rendition writer").
 *
 * Every file is on disk before it is renamed into place (publish/atomic-write.ts), but it is
 * not fsynced as it is written: each fsync is a device flush of its own (on a virtual disk,
 * one of the host's file), thousands of them in a cold build. makeDurable() takes a whole
 * group of files written aside (images/rendition-publisher.ts) and flushes their file
 * system once (publish/file-system-flush.ts), or, where that cannot be done, fsyncs each.
 * Renaming into place stays with the build (its lock is checked before each rename).
 */

/** Files fsynced at once, each by a thread of its own, where the file system cannot be flushed whole (see makeDurable). */
const FSYNC_THREADS = 4;

/** A writer thread's work: write files aside, or fsync files written aside. */
type Job = { id: number; kind: 'write'; files: FileToWriteAside[] } | { id: number; kind: 'fsync'; files: string[] };

type Reply = { id: number } & WriteAsideOutcome;

/**
 * The writer thread's whole program. It runs as the worker's source (`toString()`, see
 * WRITER_SOURCE), so it uses nothing from outside its body but what it is given: a `require`,
 * and write-aside.ts's function, itself made from its text.
 */
function writerThread(require: NodeJS.Require, writeAside: typeof writeFilesAside): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const exit = workerData as ExitGateView;
  // One handler and no named inner functions: a bundler's name-keeping helpers would not
  // exist in the thread, which sees this function's text only.
  parentPort?.on('message', (job: Job) => {
    if (job.kind === 'write') {
      parentPort.postMessage({ id: job.id, ...writeAside(job.files, exit, fs, createHash) } satisfies Reply);
      return;
    }
    let done = 0;
    try {
      for (; done < job.files.length; done++) {
        const fd = fs.openSync(job.files[done] as string, 'r');
        try {
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
      parentPort.postMessage({ id: job.id, written: [] } satisfies Reply);
    } catch (error) {
      const { message, code, syscall, errno } = error as NodeJS.ErrnoException;
      parentPort.postMessage({ id: job.id, failure: { index: done, message, code, syscall, errno } } satisfies Reply);
    }
  });
}

/**
 * The source an eval'd writer thread runs. Its `require` comes from `createRequire`, loaded
 * by `import()`, which both kinds of eval'd code have: a worker's eval'd source is read as
 * the parent's `--input-type` or `--experimental-default-type` says, and as an ES module it
 * has no `require` of its own (a program run with `node --input-type=module -e` that
 * imports presswire would otherwise fail its first image). Messages sent before the handler
 * is attached wait for it.
 */
const WRITER_SOURCE = `import('node:module').then(({ createRequire }) => (${writerThread.toString()})(createRequire(${JSON.stringify(import.meta.url)}), ${writeFilesAside.toString()}))`;

/** Writer threads for one images stage: `writeAside` for FilesAside, `makeDurable` before publishing; `close` when the stage is done. */
export class RenditionWriter {
  private readonly threads: (Thread | undefined)[];
  private sequence = 0;
  private readonly flusher: FileSystemFlusher | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (written: WrittenAside[]) => void; reject: (error: Error) => void }
  >();

  /**
   * @param threads files fsynced at once (written, one): an fsync waits on the disk, and several
   *   in flight share its time instead of queueing one behind another.
   * @param flushFileSystems false: makeDurable fsyncs each file, never flushing a whole file system.
   */
  constructor(threads = FSYNC_THREADS, flushFileSystems = true) {
    this.threads = Array.from({ length: Math.max(1, threads) }, () => undefined);
    this.flusher = flushFileSystems ? new FileSystemFlusher() : undefined;
  }

  /** Writes each file to its temporary name (not fsynced: see makeDurable); the size, mtime and sha256 of each, in order. */
  writeAside = (
    temporaries: readonly string[],
    files: readonly { pieces: readonly Uint8Array[] }[],
  ): Promise<WrittenAside[]> =>
    this.inShares(1, files.length, (start, end) => ({
      kind: 'write',
      files: files.slice(start, end).map(({ pieces }, index) => ({
        temporary: temporaries[start + index] as string,
        pieces,
      })),
    }));

  /** Starts what makeDurable needs, before the build's memory grows (publish/file-system-flush.ts). */
  start(): void {
    this.flusher?.start();
  }

  /**
   * Puts the bytes of files written aside in `folder` on disk: one flush of its file system,
   * or else an fsync of each. A failure carries the `index` of its file.
   */
  async makeDurable(folder: string, temporaries: readonly string[]): Promise<void> {
    if (await this.flusher?.flush(folder)) return;
    await this.inShares(this.threads.length, temporaries.length, (start, end) => ({
      kind: 'fsync',
      files: temporaries.slice(start, end),
    }));
  }

  /**
   * `count` items in contiguous shares, one per thread of the first `threads`; all of them
   * settle before the whole does, so that a failure leaves no write under way (the caller
   * then removes every temporary file). A failure carries the `index` of its item.
   */
  private async inShares(
    threads: number,
    count: number,
    jobOf: (start: number, end: number) => DistributiveOmit<Job, 'id'>,
  ): Promise<WrittenAside[]> {
    const share = Math.ceil(count / threads);
    const shares = this.threads
      .slice(0, threads)
      .map((_, thread) => thread * share)
      .filter((start) => start < count)
      .map((start, thread) =>
        this.send(thread, jobOf(start, Math.min(count, start + share))).catch((error: unknown) => {
          const index = (error as { index?: number }).index;
          throw Object.assign(error as Error, { index: start + (index ?? 0) });
        }),
      );
    const settled = await Promise.allSettled(shares);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  }

  /** Stops the threads (nothing is in flight once the stage has drained its writes). */
  async close(): Promise<void> {
    this.flusher?.close();
    const running = this.threads.filter((thread): thread is Thread => thread !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map(({ worker }) => worker.terminate()));
  }

  private send(index: number, job: DistributiveOmit<Job, 'id'>): Promise<WrittenAside[]> {
    const id = ++this.sequence;
    const thread = this.thread(index);
    return new Promise<WrittenAside[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.sent.add(id);
      thread.worker.postMessage({ ...job, id } satisfies Job);
    });
  }

  private thread(index: number): Thread {
    const existing = this.threads[index];
    if (existing) return existing;
    const thread: Thread = {
      worker: new Worker(WRITER_SOURCE, {
        eval: true,
        workerData: { gate: exitGate, exiting: EXITING, creating: CREATING } satisfies ExitGateView,
      }),
      sent: new Set(),
    };
    thread.worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      thread.sent.delete(reply.id);
      if (!waiting) return;
      if ('written' in reply) waiting.resolve(reply.written);
      else waiting.reject(asideError(reply.failure));
    });
    // A thread that died fails what was sent to it; the next batch starts a new one.
    const stopped = (error: Error) => {
      if (this.threads[index] === thread) this.threads[index] = undefined;
      for (const id of thread.sent) {
        this.waiting.get(id)?.reject(error);
        this.waiting.delete(id);
      }
      thread.sent.clear();
    };
    thread.worker.on('error', stopped);
    thread.worker.on('exit', () => stopped(new Error('a rendition writer thread stopped')));
    return (this.threads[index] = thread);
  }
}

/** Omit over each member of a union (Omit of the union would keep only the shared keys). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Thread {
  worker: Worker;
  /** Jobs sent and not answered yet. */
  sent: Set<number>;
}
