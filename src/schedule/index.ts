import path from 'node:path';
import { build, BuildMemory } from '../build.js';
import { currentTime } from '../clock.js';
import { loadConfig } from '../config/load.js';
import { loadParsers } from '../load/article-cache.js';
import type { ResolvedConfig } from '../config/schema.js';
import { EXIT, type ExitCode } from '../errors.js';
import { staleMs } from '../publish/lock.js';
import { runOnce, type RunOptions } from '../run.js';
import type { WatchedStats } from '../load/watched-stats.js';
import { watchFailure, watchTree, type Watcher } from '../serve/watch.js';
import { runSchedule } from './loop.js';

export { onStopSignals, type StopSignal } from './signals.js';

export interface ScheduleCommandOptions extends Omit<RunOptions, 'command' | 'signal' | 'run'> {
  /** Aborted by the first SIGTERM/SIGINT. */
  stop: AbortSignal;
  /** `--watch`/`--no-watch`: build on saved changes too; default `schedule.watch`. */
  watch?: boolean;
}

/**
 * `presswire schedule`: read the config once for the cron expression, the time zone and the
 * folders to watch (a bad one is a config error at start, exit 2), then build on every slot,
 * and on every saved change to the articles, until `stop`. Each run re-reads the config, so
 * edits to everything but `schedule` and the folders apply from the next run.
 * Ends with 0 once stopped: a run stopped by the signal is a normal end.
 */
export async function scheduleBuilds(options: ScheduleCommandOptions): Promise<ExitCode> {
  const { stop, watch, ...run } = options;
  const config = await loadConfig(run, run.env, run.cwd);
  // What the runs learn stays with the job (build.ts, BuildMemory).
  const memory = new BuildMemory();
  const stats = memory.articleCache.stats;
  // Environment mistakes are config errors at start too, not a failure at every run.
  staleMs(run.env);
  const watching = watch ?? config.schedule.watch;
  // The watch starts before the memory is primed: a file saved while the job starts starts a
  // run as soon as it has started (not at the next slot), and the stats the prime takes are
  // vouched for by a watch already running, so the first run stats only what changed.
  const watcher = watching ? watchBeforeScheduling(config, run, stats) : undefined;
  try {
    const outdated = watching ? await primeMemory(config, run, memory, stop) : undefined;
    await runSchedule({
      cron: config.schedule.cron,
      timezone: config.schedule.timezone,
      reporter: run.reporter,
      env: run.env,
      stop,
      runBuild: (scheduled, signal) => {
        // A slot's run looks at every file, whatever the watcher said (load/watched-stats.ts).
        if ('slot' in scheduled.cause) stats.checkAll();
        const { number, now } = scheduled;
        return runOnce({ ...run, command: 'build', signal, run: { number, now }, memory });
      },
      ...(watcher ? { watch: watcher.deliverTo } : {}),
      ...(outdated ? { outdated } : {}),
    });
  } finally {
    watcher?.close();
  }
  return EXIT.ok;
}

/** A watch started before the schedule: what it sees waits until the schedule takes it (`deliverTo`). */
interface EarlyWatch {
  deliverTo(onChange: (file: string) => void): Watcher;
  close(): void;
}

function watchBeforeScheduling(
  config: ResolvedConfig,
  run: Pick<RunOptions, 'cwd' | 'reporter'>,
  stats: WatchedStats,
): EarlyWatch {
  let deliver: ((file: string) => void) | undefined;
  const early: string[] = [];
  const watcher = watchSources(config, run, (file) => (deliver ? deliver(file) : early.push(file)), stats);
  return {
    close: () => watcher.close(),
    deliverTo(onChange) {
      deliver = onChange;
      for (const file of early.splice(0)) onChange(file);
      return watcher;
    },
  };
}

/**
 * Before the first saved change comes in, the job reads what its runs will need into its
 * memory (the article cache, the state), as `presswire check` does: a build that writes
 * nothing, reports nothing and takes no lock (it only reads; each file it remembers is
 * checked again before a run uses it). The first correction after the job starts is then
 * as quick as the later ones (docs/operations.md, "A correction live within a second").
 * Returns what that build found behind the articles: the feeds a run would write (an edit
 * saved while the job was down, a site never built), or, with none, an article cache that
 * had to be read again (presswire upgraded, the cache damaged: the files parsed now are not
 * kept, so the first correction would parse them all again). The job then runs at once
 * rather than at the first slot (docs/operations.md, "A correction live within a second").
 * Best effort: what cannot be read now is read, and reported, by the run that needs it.
 */
async function primeMemory(
  config: ResolvedConfig,
  run: Pick<RunOptions, 'env' | 'cwd'>,
  memory: BuildMemory,
  // A stop while the job is still filling its memory (a large archive takes seconds) ends it there.
  signal: AbortSignal,
): Promise<string[] | undefined> {
  try {
    const summary = await build({ config, now: currentTime(run.env), cwd: run.cwd, dryRun: true, memory, signal });
    // A prime that found every file in the cache parsed none: the first edited one would load the parsers.
    await loadParsers();
    const outdated = summary.outdated ?? [];
    return outdated.length > 0 || summary.articleFiles.parsed > 0 ? outdated : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folders a build reads sources from: the articles, and the `static` folder of site-root
 * images. Editors' hidden and backup files (`.x.swp`, `x~`) start no run; anything else
 * does, and the build itself finds what changed (a change that is no article's is a no-op).
 */
function watchSources(
  config: ResolvedConfig,
  { cwd, reporter }: Pick<RunOptions, 'cwd' | 'reporter'>,
  onChange: (file: string) => void,
  stats: WatchedStats,
): Watcher {
  const ignore = (file: string) => {
    const name = path.basename(file);
    return name.startsWith('.') || name.endsWith('~');
  };
  const report = (file: string) => onChange(path.relative(cwd, file).split(path.sep).join('/') || '.');
  // A watch that ended is said: saved changes then wait for the next slot.
  const ended = (folder: string) => (error: Error) =>
    reporter.warn(
      `stopped watching ${path.relative(cwd, folder) || '.'}/ (${watchFailure(error)}); ` +
        `saved changes are published at the next slot ("${config.schedule.cron}")`,
      { folder },
    );
  // Every event of the articles folder, before any filtering, tells the job which stats no
  // longer hold; a failed watch vouches for none.
  const articles = watchTree(config.articlesDir, report, ignore, {
    onEvent: (file) => stats.sawChange(file),
    onError: (error) => {
      stats.watchEnded();
      ended(config.articlesDir)(error);
    },
  });
  stats.watchStarted();
  const statics = config.staticDir
    ? [watchTree(config.staticDir, report, ignore, { onError: ended(config.staticDir) })]
    : [];
  return {
    close: () => {
      stats.watchEnded();
      articles.close();
      statics.forEach((watcher) => watcher.close());
    },
    watching: () => articles.watching(),
  };
}
