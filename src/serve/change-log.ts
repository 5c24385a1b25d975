/**
 * What `serve --watch` says about file events (pure apart from the clock it is given): one
 * line for the first change of a burst, then silence until the burst has been quiet for
 * `windowMs`, when one line counts the rest. A symbolic link loop or a folder that changes
 * constantly (a build writing into it) reports every file several times over; printed one
 * by one, that was thousands of lines a second, which buried every other message and kept
 * the process too busy to answer SIGTERM promptly.
 */
export class ChangeLog {
  private lastShown = -Infinity;
  private unshown = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly show: (file: string, more: number) => void,
  ) {}

  changed(file: string): void {
    const at = this.now();
    if (at - this.lastShown >= this.windowMs && this.unshown === 0) {
      this.lastShown = at;
      this.show(file, 0);
      return;
    }
    this.unshown += 1;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(file), this.windowMs);
    this.flushTimer.unref();
  }

  private flush(lastFile: string): void {
    const count = this.unshown;
    this.unshown = 0;
    this.lastShown = this.now();
    if (count > 0) this.show(lastFile, count - 1);
  }

  close(): void {
    clearTimeout(this.flushTimer);
  }
}
