import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * syncfs(2) for Node, which has no call for it: one flush of a whole file system puts the
 * data of thousands of files written aside on disk with one device flush, where an fsync
 * each costs a flush each (on a virtual disk, a flush of the host's file each time).
 *
 * `sync -f` (coreutils and busybox alike) makes the call. It runs in one small helper
 * shell started once and asked a folder per line, not a process started per flush:
 * starting a process from Node forks the whole build, and every page of its memory written
 * after that fork faults once more, a second or so of a cold build for a few forks.
 *
 * On Linux 5.8 and later syncfs reports a write-back error of the file system that nobody
 * had seen yet. Anything short of "flushed" (no `sh`, no `sync -f`, a failed flush, a helper
 * that died) answers false, and the caller fsyncs each file, which reports a failure for
 * the file it belongs to.
 */
export class FileSystemFlusher {
  private child: ChildProcess | undefined;
  private closed = false;
  private answers: ((flushed: boolean) => void)[] = [];
  /** Flushes are asked one at a time: answers come back in order. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Starts the helper now, while the build's memory is small (see above); flush() starts
   * it otherwise.
   */
  start(): void {
    this.helper();
  }

  /** Flushes the file system `folder` is on; whether it was flushed. */
  flush(folder: string): Promise<boolean> {
    const asked = this.queue.then(() => this.ask(folder));
    this.queue = asked;
    return asked;
  }

  /**
   * Stops the helper for good (it also stops by itself when the build's process is gone: its
   * input closes); a flush asked after this answers false.
   */
  close(): void {
    this.closed = true;
    this.child?.stdin?.end();
    this.child = undefined;
    this.settle(false);
  }

  private ask(folder: string): Promise<boolean> {
    // A folder name is one line of the helper's input.
    if (this.closed || folder.includes('\n')) return Promise.resolve(false);
    const child = this.helper();
    if (!child?.stdin?.writable) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.answers.push(resolve);
      child.stdin?.write(`${folder}\n`);
    });
  }

  private helper(): ChildProcess | undefined {
    if (this.child || this.closed) return this.child;
    let child: ChildProcess;
    try {
      child = spawn('sh', ['-c', 'while IFS= read -r folder; do sync -f -- "$folder" && echo 0 || echo 1; done'], {
        stdio: ['pipe', 'pipe', 'ignore'],
      });
    } catch {
      return undefined;
    }
    // A failure of the helper's own only means "not flushed". It is not unref'd: a build
    // waiting for its answer must not look finished to Node.
    child.stdin?.on('error', () => this.settle(false));
    child.on('error', () => this.settle(false));
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      this.settle(false);
    });
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => this.answers.shift()?.(line === '0'));
    }
    return (this.child = child);
  }

  /** Answers every question still waiting. */
  private settle(flushed: boolean): void {
    for (const answer of this.answers.splice(0)) answer(flushed);
  }
}
