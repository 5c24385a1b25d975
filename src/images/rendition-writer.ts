import { Worker } from 'node:worker_threads';
import { CREATING, exitGate, EXITING, type FileInPieces, type WrittenAside } from '../publish/atomic-write.js';

/**
 * Renditions are written aside by threads of their own (I/O). A cold build writes
 * thousands of files, each fsynced before it is renamed into place (publish/atomic-write.ts).
 * Through Node's asynchronous file calls each of those is five round trips through the
 * thread pool sharp encodes in, an fsync holding a pool thread for milliseconds while an
 * encode waits behind it, and a trail of promises for the main thread's collector. Here a
 * few threads make the plain system calls, each for a share of a batch, and hash each file
 * while it is at hand; the encodes keep the pool. Renaming into place stays with the build
 * (its lock is checked before each rename), in writeFilesAtomic.
 */

/** Files written at once, each by a thread of its own (see RenditionWriter). */
const WRITER_THREADS = 4;

interface Batch {
  id: number;
  files: { temporary: string; pieces: readonly Uint8Array[] }[];
}

type Reply =
  | { id: number; written: WrittenAside[] }
  | { id: number; failure: { index: number; message: string; code?: string; syscall?: string; errno?: number } };

/**
 * The writer thread's whole program. It runs as the worker's source (`toString()`), so it
 * uses nothing from outside its body but `require`, which Node gives an eval'd worker.
 */
function writerThread(require: NodeJS.Require): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  // publish/atomic-write.ts's exit gate: no file is created once the process is leaving,
  // and one being created is waited for, then removed, by its exit hook.
  const { gate, exiting, creating } = workerData as { gate: Int32Array; exiting: number; creating: number };
  parentPort?.on('message', ({ id, files }: Batch) => {
    const written: WrittenAside[] = [];
    const created: string[] = [];
    try {
      for (const { temporary, pieces } of files) {
        Atomics.add(gate, creating, 1);
        let fd: number;
        try {
          if (Atomics.load(gate, exiting) === 1)
            throw Object.assign(new Error('the process is exiting'), { code: 'EXITING' });
          fd = fs.openSync(temporary, 'wx');
          created.push(temporary);
        } finally {
          Atomics.sub(gate, creating, 1);
          Atomics.notify(gate, creating);
        }
        try {
          const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
          let done = fs.writevSync(fd, pieces as Uint8Array[]);
          // A short write (allowed, rare on a regular file) is finished from where it stopped.
          const whole = done < total ? Buffer.concat(pieces as Uint8Array[]) : undefined;
          while (whole && done < total) done += fs.writeSync(fd, whole, done, total - done, done);
          fs.fsyncSync(fd);
          const hash = createHash('sha256');
          for (const piece of pieces) hash.update(piece);
          written.push({ mtimeMs: fs.fstatSync(fd).mtimeMs, sha256: hash.digest('hex') });
        } finally {
          fs.closeSync(fd);
        }
      }
      parentPort?.postMessage({ id, written } satisfies Reply);
    } catch (error) {
      for (const temporary of created) fs.rmSync(temporary, { force: true });
      const { message, code, syscall, errno } = error as NodeJS.ErrnoException;
      parentPort?.postMessage({
        id,
        failure: { index: written.length, message, code, syscall, errno },
      } satisfies Reply);
    }
  });
}

/** Writer threads for one images stage: `writeAside` for writeFilesAtomic; `close` when the stage is done. */
export class RenditionWriter {
  private readonly threads: (Thread | undefined)[];
  private sequence = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (written: WrittenAside[]) => void; reject: (error: Error) => void }
  >();

  /**
   * @param threads files written at once: an fsync waits on the disk for milliseconds, and
   *   several in flight share the disk's time (and its writes of inode tables) instead of
   *   queueing one behind another.
   */
  constructor(threads = WRITER_THREADS) {
    this.threads = Array.from({ length: Math.max(1, threads) }, () => undefined);
  }

  /** Writes every file to its temporary name and fsyncs it; the mtime and sha256 of each, in order. */
  writeAside = async (temporaries: readonly string[], files: readonly FileInPieces[]): Promise<WrittenAside[]> => {
    // Contiguous shares, one per thread; all of them settle before the batch does, so that
    // a failure leaves no write under way (writeFilesAtomic then removes every temporary file).
    const share = Math.ceil(files.length / this.threads.length);
    const shares = this.threads
      .map((_, thread) => thread * share)
      .filter((start) => start < files.length)
      .map((start, thread) =>
        this.send(
          thread,
          files.slice(start, start + share).map(({ pieces }, index) => ({
            temporary: temporaries[start + index] as string,
            pieces,
          })),
        ).catch((error: unknown) => {
          const index = (error as { index?: number }).index;
          throw Object.assign(error as Error, { index: start + (index ?? 0) });
        }),
      );
    const settled = await Promise.allSettled(shares);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  };

  /** Stops the threads (nothing is in flight once the stage has drained its writes). */
  async close(): Promise<void> {
    const running = this.threads.filter((thread): thread is Thread => thread !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map(({ worker }) => worker.terminate()));
  }

  private send(index: number, files: Batch['files']): Promise<WrittenAside[]> {
    const id = ++this.sequence;
    const thread = this.thread(index);
    return new Promise<WrittenAside[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.sent.add(id);
      thread.worker.postMessage({ id, files } satisfies Batch);
    });
  }

  private thread(index: number): Thread {
    const existing = this.threads[index];
    if (existing) return existing;
    const thread: Thread = {
      worker: new Worker(`(${writerThread.toString()})(require)`, {
        eval: true,
        workerData: { gate: exitGate, exiting: EXITING, creating: CREATING },
      }),
      sent: new Set(),
    };
    thread.worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      thread.sent.delete(reply.id);
      if (!waiting) return;
      if ('written' in reply) waiting.resolve(reply.written);
      else waiting.reject(Object.assign(new Error(reply.failure.message), reply.failure));
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

interface Thread {
  worker: Worker;
  /** Batches sent and not answered yet. */
  sent: Set<number>;
}
