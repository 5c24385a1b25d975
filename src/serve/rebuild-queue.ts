/**
 * Rebuilds for `presswire serve --watch`: a burst of file events (an editor's
 * save is often several) becomes one rebuild after a quiet period, and a rebuild never
 * overlaps the previous one: changes that arrive during a rebuild start one more when it
 * ends. No module state: each serve owns its queue.
 */
export class RebuildQueue {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  /** A rebuild that throws is handed to `onError`; the queue goes on. */
  constructor(
    private readonly rebuild: () => Promise<void>,
    private readonly quietMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Ask for a rebuild once nothing has changed for the quiet period (or `delayMs`). */
  trigger(delayMs = this.quietMs): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, delayMs);
  }

  /** Rebuild now (or right after the running one) and wait until no rebuild is due. */
  async runNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.start();
    await this.settled();
  }

  /** Resolves when no rebuild is running or waiting to run (a pending quiet period included). */
  async settled(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** No more rebuilds; waits for the running one, which stops at its next safe point if the caller aborted it. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
    await this.running;
  }

  private start(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        await this.rebuild();
      } catch (error) {
        this.onError(error);
      } finally {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.start();
        }
      }
    })();
  }
}
