import { Worker } from 'node:worker_threads';
import type { FileInPieces, WrittenAside } from '../publish/atomic-write.js';

/**
 * Renditions are written aside by a thread of their own (I/O). A cold build writes
 * thousands of files, each fsynced before it is renamed into place (publish/atomic-write.ts).
 * Through Node's asynchronous file calls each of those is five round trips through the
 * thread pool sharp encodes in, an fsync holding a pool thread for milliseconds while an
 * encode waits behind it, and a trail of promises for the main thread's collector. Here one
 * thread makes the plain system calls, one file after another, and hashes each file while
 * it is at hand; the encodes keep the pool. Renaming into place stays with the build (its
 * lock is checked before each rename), in writeFilesAtomic.
 */

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
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  parentPort?.on('message', ({ id, files }: Batch) => {
    const written: WrittenAside[] = [];
    const created: string[] = [];
    try {
      for (const { temporary, pieces } of files) {
        const fd = fs.openSync(temporary, 'wx');
        created.push(temporary);
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

/** A writer thread for one images stage: `writeAside` for writeFilesAtomic; `close` when the stage is done. */
export class RenditionWriter {
  private worker: Worker | undefined;
  private sequence = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (written: WrittenAside[]) => void; reject: (error: Error) => void }
  >();

  /** Writes every file to its temporary name and fsyncs it; the mtime and sha256 of each, in order. */
  writeAside = (temporaries: readonly string[], files: readonly FileInPieces[]): Promise<WrittenAside[]> => {
    const id = ++this.sequence;
    const batch: Batch = {
      id,
      files: files.map(({ pieces }, index) => ({ temporary: temporaries[index] as string, pieces })),
    };
    return new Promise<WrittenAside[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread().postMessage(batch);
    });
  };

  /** Stops the thread (nothing is in flight once the stage has drained its writes). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(`(${writerThread.toString()})(require)`, { eval: true });
    worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiting) return;
      if ('written' in reply) waiting.resolve(reply.written);
      else waiting.reject(Object.assign(new Error(reply.failure.message), reply.failure));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('the rendition writer thread stopped')));
    return (this.worker = worker);
  }

  private failAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
