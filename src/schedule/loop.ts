import cron, { type Logger } from 'node-cron';
import { currentTime, monotonicMs, wallTime } from '../clock.js';
import { ConfigError, EXIT, InterruptedError, LockHeldError, PresswireError, type ExitCode } from '../errors.js';
import type { Reporter } from '../report/reporter.js';

/**
 * `presswire schedule` (SPEC §4): a build on a cron expression, for years,
 * unwatched.
 *
 * - node-cron fires the slots (seconds field allowed, any IANA time zone). Each slot starts
 *   one run unless the previous run is still going: then the slot is skipped and logged.
 *   The guard is ours rather than node-cron's `noOverlap`, which only writes a free-text
 *   warning through its logger; ours logs a `run-skipped` line naming the run in the way.
 * - A run that fails (article errors, config error, lock held, an exception) is logged
 *   and the job goes on: nothing a run throws leaves this module.
 * - `stop` (the first SIGTERM/SIGINT) ends it: no new run starts, the current run stops at
 *   its next safe point or finishes, and runSchedule resolves once it has.
 * - With `watch` (docs/operations.md, "A correction live within a second"), feeds behind the
 *   articles at start (`outdated`) start a run at once, and a saved change
 *   in the articles folder starts a run at once, besides the slots: changes arriving within
 *   WATCH_SETTLE_MS are one run, and a change during a run starts one more run when it ends
 *   (never two at once, and never a change left unpublished until the next slot).
 * - What a run knows is passed in by the caller (schedule/index.ts); nothing here is kept
 *   between runs but the run counter (STYLE: no module-level caches in a long-running process).
 */

/** Editors save in several steps (write, rename, chmod): events this close together are one change. */
export const WATCH_SETTLE_MS = 25;

/**
 * Why a run started: its cron slot, the files that changed (as the log shows them: relative
 * to the working folder), or the feeds (relative to out/) found behind the articles when the
 * job started (none when only the article cache was).
 */
export type RunCause = { slot: Date } | { changed: string[] } | { outdated: string[] };

export interface ScheduledRun {
  number: number;
  /** The build's "now", read when the run starts: an embargo ends at the first run at or after it. */
  now: number;
  /** What started it: a cron slot, or saved changes. */
  cause: RunCause;
}

export interface ScheduleOptions {
  /** node-cron expression: 5 fields, or 6 with seconds first. */
  cron: string;
  /** IANA time zone the expression is read in. */
  timezone: string;
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
  /** Aborted by the first SIGTERM/SIGINT. */
  stop: AbortSignal;
  /** One build. It logs its own diagnostics and end line when it gets to the end; it throws otherwise. */
  runBuild(run: ScheduledRun, signal: AbortSignal): Promise<ExitCode>;
  /** Starts watching the articles; `onChange` is called with each changed file. Without it, only slots start runs. */
  watch?: (onChange: (file: string) => void) => { close(): void; watching(): boolean };
  /**
   * Set when the job is behind the articles at start (an edit saved while it was down): the
   * first run starts at once instead of at the first slot. The feeds that are behind; empty
   * when only the article cache is (schedule/index.ts, primeMemory).
   */
  outdated?: string[];
}

/** Check the expression and the time zone before anything runs: a typo must not wait for the first slot. */
export function checkSchedule(expression: string, timezone: string): void {
  const validation = cron.validateDetailed(expression);
  if (!validation.valid) {
    const why = validation.errors.map((e) => e.message).join('; ');
    throw new ConfigError(
      `schedule.cron: expected a cron expression (5 fields, or 6 with seconds first) but received ${JSON.stringify(expression)}: ${why}`,
    );
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ConfigError(
      `schedule.timezone: expected an IANA time zone such as "Europe/Berlin" but received ${JSON.stringify(timezone)}`,
    );
  }
}

export async function runSchedule(options: ScheduleOptions): Promise<void> {
  const { reporter } = options;
  checkSchedule(options.cron, options.timezone);
  let runs = 0;
  let current: { number: number; since: number; done: Promise<void> } | undefined;
  const changes = new ChangeBatch(() => {
    if (!current && !options.stop.aborted) start({ changed: changes.take() });
  });

  const start = (cause: RunCause): void => {
    runs += 1;
    const run = { number: runs, now: currentTime(options.env), cause };
    const done = runOne(options, run, cause).finally(() => {
      current = undefined;
      // Changes saved during the run: one more run, at once.
      if (changes.pending && !changes.settling) changes.settled();
    });
    current = { number: run.number, since: wallTime(), done };
  };
  const onSlot = (slot: Date): void => {
    if (options.stop.aborted) return;
    if (current) {
      const since = new Date(current.since).toISOString();
      reporter.runSkipped(slot, 'overlap', `run ${current.number} (started ${since}) is still going`);
      return;
    }
    start({ slot });
  };

  const task = cron.createTask(options.cron, (context) => onSlot(context.date), {
    name: 'presswire',
    timezone: options.timezone,
    logger: cronLogger(reporter),
  });
  // A slot passed while the process could not look (a blocked event loop, a suspended machine).
  task.on('execution:missed', (context) =>
    reporter.runSkipped(context.date, 'missed', 'the process was busy or asleep at that time'),
  );
  const watcher = options.watch?.((file) => changes.add(file));
  // A watch that could not start (it said why) is not claimed in the start line.
  const watching = watcher?.watching() ?? false;

  await new Promise<void>((resolve) => {
    const finish = () => {
      watcher?.close();
      changes.cancel();
      void Promise.resolve(task.destroy())
        .then(() => current?.done)
        .then(() => resolve());
    };
    if (options.stop.aborted) return finish();
    options.stop.addEventListener('abort', finish, { once: true });
    void task.start();
    const next = task.getNextRun();
    reporter.info(
      `presswire schedule: running "${options.cron}" (${options.timezone})${watching ? ', and on every saved change to the articles' : ''}; next run at ${next?.toISOString() ?? 'never'}`,
      {
        event: 'schedule-started',
        cron: options.cron,
        timezone: options.timezone,
        watch: watching,
        nextRun: next?.toISOString() ?? null,
      },
    );
    // Files saved while the job was starting are published by the same run.
    if (options.outdated) start(changes.pending ? { changed: changes.take() } : { outdated: options.outdated });
  });
  reporter.info(`presswire schedule: stopped after ${runs} runs`, { event: 'schedule-stopped', runs });
}

/** One run, from its start line to its end line; nothing it throws leaves here. */
async function runOne(options: ScheduleOptions, run: ScheduledRun, cause: RunCause): Promise<void> {
  const { reporter } = options;
  const clockStart = monotonicMs();
  reporter.runStarted(run.number, cause, run.now);
  try {
    await options.runBuild(run, options.stop);
  } catch (error) {
    const duration = Math.round(monotonicMs() - clockStart);
    if (error instanceof InterruptedError)
      reporter.runEnded(run.number, 'interrupted', error.message, duration, EXIT.ok);
    else if (error instanceof LockHeldError)
      reporter.runEnded(run.number, 'locked', error.message, duration, error.exitCode);
    else if (error instanceof PresswireError)
      reporter.runEnded(run.number, 'error', error.message, duration, error.exitCode);
    else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const message = `internal error (this is a bug in presswire; please report it): ${detail}`;
      reporter.runEnded(run.number, 'error', message, duration, EXIT.internal);
    }
  }
}

/**
 * Changed files gathered until they settle (WATCH_SETTLE_MS without a new one), then handed
 * to `onSettled` together. While a run is going they wait for it: the run's end calls
 * `settled()` again.
 */
export class ChangeBatch {
  private readonly files = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onSettled: () => void) {}

  get pending(): boolean {
    return this.files.size > 0;
  }

  /** Whether a change came in less than WATCH_SETTLE_MS ago. */
  get settling(): boolean {
    return this.timer !== undefined;
  }

  add(file: string): void {
    this.files.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.settled(), WATCH_SETTLE_MS);
  }

  settled(): void {
    this.timer = undefined;
    if (this.files.size > 0) this.onSettled();
  }

  /** The files gathered so far, sorted; the batch starts empty again. */
  take(): string[] {
    const files = [...this.files].sort();
    this.files.clear();
    return files;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.files.clear();
  }
}

/** node-cron's own messages go through the Reporter, the only writer to stdout/stderr. */
function cronLogger(reporter: Reporter): Logger {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (message) => reporter.warn(`node-cron: ${message}`),
    error: (message, error) => reporter.warn(`node-cron: ${text(message)}${error ? `: ${error.message}` : ''}`),
  };
}
