import { loadConfig } from '../config/load.js';
import { EXIT, type ExitCode } from '../errors.js';
import { staleMs } from '../publish/lock.js';
import { runOnce, type RunOptions } from '../run.js';
import { runSchedule } from './loop.js';

export { onStopSignals, type StopSignal } from './signals.js';

export interface ScheduleCommandOptions extends Omit<RunOptions, 'command' | 'signal' | 'run'> {
  /** Aborted by the first SIGTERM/SIGINT. */
  stop: AbortSignal;
}

/**
 * `presswire schedule`: read the config once for the cron expression and time zone (a bad
 * one is a config error at start, exit 2), then build on every slot until `stop`. Each run
 * re-reads the config, so edits to everything but `schedule` apply from the next run.
 * Ends with 0 once stopped: a run stopped by the signal is a normal end.
 */
export async function scheduleBuilds(options: ScheduleCommandOptions): Promise<ExitCode> {
  const { stop, ...run } = options;
  const config = await loadConfig(run, run.env, run.cwd);
  // Environment mistakes are config errors at start too, not a failure at every run.
  staleMs(run.env);
  await runSchedule({
    cron: config.schedule.cron,
    timezone: config.schedule.timezone,
    reporter: run.reporter,
    env: run.env,
    stop,
    runBuild: (scheduled, signal) => runOnce({ ...run, command: 'build', signal, run: scheduled }),
  });
  return EXIT.ok;
}
