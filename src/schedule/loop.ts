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
 * - Nothing here is kept between runs but the run counter: every run reads the config and
 *   the state afresh (STYLE: no module-level caches in a long-running process).
 */

export interface ScheduledRun {
  number: number;
  /** The build's "now", read when the run starts: an embargo ends at the first run at or after it. */
  now: number;
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

  const runOne = async (run: ScheduledRun, slot: Date): Promise<void> => {
    const clockStart = monotonicMs();
    reporter.runStarted(run.number, slot, run.now);
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
        reporter.runEnded(
          run.number,
          'error',
          `internal error (this is a bug in presswire; please report it): ${detail}`,
          duration,
          EXIT.internal,
        );
      }
    }
  };

  const onSlot = (slot: Date): void => {
    if (options.stop.aborted) return;
    if (current) {
      const since = new Date(current.since).toISOString();
      reporter.runSkipped(slot, 'overlap', `run ${current.number} (started ${since}) is still going`);
      return;
    }
    runs += 1;
    const run = { number: runs, now: currentTime(options.env) };
    const done = runOne(run, slot).finally(() => {
      current = undefined;
    });
    current = { number: run.number, since: wallTime(), done };
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

  await new Promise<void>((resolve) => {
    const finish = () => {
      void Promise.resolve(task.destroy())
        .then(() => current?.done)
        .then(() => resolve());
    };
    if (options.stop.aborted) return finish();
    options.stop.addEventListener('abort', finish, { once: true });
    void task.start();
    const next = task.getNextRun();
    reporter.info(
      `presswire schedule: running "${options.cron}" (${options.timezone}); next run at ${next?.toISOString() ?? 'never'}`,
      {
        event: 'schedule-started',
        cron: options.cron,
        timezone: options.timezone,
        nextRun: next?.toISOString() ?? null,
      },
    );
  });
  reporter.info(`presswire schedule: stopped after ${runs} runs`, { event: 'schedule-stopped', runs });
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
