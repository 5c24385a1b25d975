import type { WrittenAside } from '../publish/atomic-write.js';

/** A rendition to write: its temporary name (publish/atomic-write.ts, FilesAside) and its bytes in pieces. */
export interface FileToWriteAside {
  temporary: string;
  pieces: readonly Uint8Array[];
}

/** publish/atomic-write.ts's exit gate, as a thread receives it. */
export interface ExitGateView {
  gate: Int32Array;
  exiting: number;
  creating: number;
}

/** Why a batch could not be written: the error of the file at `index`. */
export interface AsideFailure {
  index: number;
  message: string;
  code?: string;
  syscall?: string;
  errno?: number;
}

export type WriteAsideOutcome = { written: WrittenAside[] } | { failure: AsideFailure };

/**
 * Writes each file to its temporary name with plain blocking calls, and hashes it while it
 * is at hand (I/O). It runs only in threads whose JavaScript has nothing else to do
 * meanwhile: the rendition writer thread (rendition-writer.ts) and the image thread
 * (image-thread.ts), which writes what it encodes where the bytes are, so that they are never
 * copied from thread to thread. No file is fsynced here: rendition-publisher.ts makes whole
 * groups durable before any is renamed into place.
 *
 * publish/atomic-write.ts's exit gate is honoured: no file is created once the process is
 * leaving, and one being created is waited for, then removed, by its exit hook. On a failure
 * the files of the batch created so far are removed, and the failure names its file.
 *
 * The writer thread runs this function from its text (`toString()`), so it uses nothing from
 * outside its body but its arguments, and has no named inner functions: a bundler's name-
 * keeping helpers would not exist in that thread.
 */
export function writeFilesAside(
  files: readonly FileToWriteAside[],
  exit: ExitGateView,
  fs: typeof import('node:fs'),
  createHash: typeof import('node:crypto').createHash,
): WriteAsideOutcome {
  const written: WrittenAside[] = [];
  const created: string[] = [];
  /** Files of the batch done so far: a failure is the next one's. */
  let done = 0;
  try {
    for (; done < files.length; done++) {
      const { temporary, pieces } = files[done] as FileToWriteAside;
      Atomics.add(exit.gate, exit.creating, 1);
      let fd: number;
      try {
        if (Atomics.load(exit.gate, exit.exiting) === 1)
          throw Object.assign(new Error('the process is exiting'), { code: 'EXITING' });
        fd = fs.openSync(temporary, 'wx');
        created.push(temporary);
      } finally {
        Atomics.sub(exit.gate, exit.creating, 1);
        Atomics.notify(exit.gate, exit.creating);
      }
      try {
        const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
        let length = fs.writevSync(fd, pieces as Uint8Array[]);
        // A short write (allowed, rare on a regular file) is finished from where it stopped.
        const whole = length < total ? Buffer.concat(pieces as Uint8Array[]) : undefined;
        while (whole && length < total) length += fs.writeSync(fd, whole, length, total - length, length);
        const hash = createHash('sha256');
        for (const piece of pieces) hash.update(piece);
        written.push({ size: total, mtimeMs: fs.fstatSync(fd).mtimeMs, sha256: hash.digest('hex') });
      } finally {
        fs.closeSync(fd);
      }
    }
    return { written };
  } catch (error) {
    for (const temporary of created) fs.rmSync(temporary, { force: true });
    const { message, code, syscall, errno } = error as NodeJS.ErrnoException;
    return { failure: { index: done, message, code, syscall, errno } };
  }
}

/** A failure as the caller throws it: an Error with the code, system call and index of its file. */
export function asideError(failure: AsideFailure): Error & AsideFailure {
  return Object.assign(new Error(failure.message), failure);
}
