import { build } from './build.js';
import { currentTime } from './clock.js';
import { loadConfig, type ConfigOverrides } from './config/load.js';
import { hasErrors } from './diagnostics.js';
import { EXIT, type ExitCode } from './errors.js';
import { acquireLock } from './publish/lock.js';
import type { Outcome, Reporter } from './report/reporter.js';

/**
 * One `build` or `check` from flags to exit code, without touching the process: the CLI
 * and the scheduler both call this. Expected failures (bad config, lock held) are thrown
 * as PresswireError and mapped to exit codes by the caller.
 */

export interface RunOptions extends ConfigOverrides {
  command: 'build' | 'check';
  strict: boolean;
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function runOnce(options: RunOptions): Promise<ExitCode> {
  const started = currentTime(options.env);
  const config = await loadConfig(options, options.env, options.cwd);
  const dryRun = options.command === 'check';
  const lock = dryRun ? undefined : await acquireLock(config.outDir, options.command, started);
  try {
    const progress = options.reporter.progress('images');
    const summary = await build({ config, now: started, cwd: options.cwd, dryRun, onImageProgress: progress.update }).finally(
      progress.stop,
    );
    const failed = hasErrors(summary.diagnostics) || (options.strict && summary.diagnostics.length > 0);
    const outcome: Outcome = failed ? 'failed' : summary.diagnostics.length > 0 ? 'warnings' : 'ok';
    options.reporter.diagnostics(summary.diagnostics);
    options.reporter.buildFinished(options.command, summary, outcome, currentTime(options.env) - started, config.outDir, options.cwd);
    return failed ? EXIT.articleErrors : EXIT.ok;
  } finally {
    await lock?.release();
  }
}
