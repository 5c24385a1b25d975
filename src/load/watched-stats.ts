import path from 'node:path';

/** What the article cache compares a file by. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/**
 * The article files' stats as the last build of a long-running job took them, and the files
 * the job's watcher (schedule/index.ts) reported changed since. A build started by a saved
 * change then stats only those, not the 10,000 files the watcher vouches for
 * (docs/operations.md, "A correction live within a second").
 *
 * Vouched for only while the watcher has watched without a gap since the stats were taken:
 * a watcher that failed or stopped, or an event without a file name, makes the next build
 * stat every file, and so does every run of the cron slot (the job's safety net against an
 * event the kernel dropped). An event is noted as it arrives, before any filtering (hidden
 * files, links), so nothing the watcher saw is missed; a folder's event covers every file
 * below it (a folder renamed into place).
 */
export class WatchedStats {
  private known = new Map<string, FileStat>();
  private changed = new Set<string>();
  private watching = false;
  private vouched = false;

  /** The watcher has started: stats taken from now on are vouched for while it keeps watching. */
  watchStarted(): void {
    this.watching = true;
  }

  /** An event for `file` (absolute), or for anything (undefined: the event named no file). */
  sawChange(file: string | undefined): void {
    if (file === undefined) this.vouched = false;
    else this.changed.add(file);
  }

  /** The watcher failed or was closed: no stat is vouched for any more. */
  watchEnded(): void {
    this.watching = false;
    this.vouched = false;
  }

  /** The next build stats every file. */
  checkAll(): void {
    this.vouched = false;
  }

  /**
   * Each file's stat (undefined: it could not be stat'ed), taken by `stat` unless the
   * watcher vouches for the one the last build took.
   */
  statAll(files: readonly string[], stat: (file: string) => FileStat | undefined): (FileStat | undefined)[] {
    const reuse = this.vouched;
    const changed = this.changed;
    // Events from here on are for the next build, even those of files stat'ed below.
    this.changed = new Set();
    const folders = [...changed].filter((file) => !this.known.has(file)).map((file) => file + path.sep);
    const stats = files.map((file) => {
      const known = reuse && !changed.has(file) ? this.known.get(file) : undefined;
      if (known && !folders.some((folder) => file.startsWith(folder))) return known;
      return stat(file);
    });
    this.known = new Map();
    files.forEach((file, index) => {
      const taken = stats[index];
      if (taken) this.known.set(file, taken);
    });
    this.vouched = this.watching;
    return stats;
  }
}
