import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/schema.js';
import { EXIT, InterruptedError, LockHeldError, PresswireError, UsageError, type ExitCode } from '../errors.js';
import { runOnce, type RunOptions } from '../run.js';
import { refuseOverlappingFolders, resolveReal } from '../config/folders.js';
import { RebuildQueue } from './rebuild-queue.js';
import { startPreviewServer } from './server.js';
import { watchFailure, watchFile, watchTree, type Watcher } from './watch.js';

/**
 * `presswire serve [--out DIR] [--port N] [--watch]`: serve out/ on loopback
 * until SIGTERM/SIGINT. With --watch, build first, then rebuild on every change to the
 * articles or the config file, through the same run as `presswire build` (lock, status,
 * diagnostics, summary line). Ends with 0 once stopped.
 */

export const DEFAULT_PORT = 4000;

/** Quiet period before a rebuild: an editor's save is often several file events. */
const QUIET_MS = 150;
/** When another build holds the lock, try again after this long. */
const LOCKED_RETRY_MS = 2000;

export interface ServeOptions extends Omit<RunOptions, 'command' | 'signal' | 'run'> {
  port: number;
  watch: boolean;
  /** Aborted by the first SIGTERM/SIGINT. */
  stop: AbortSignal;
}

/** `--port N`: 0–65535, 0 picks a free port. */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port: expected an integer from 0 to 65535 but received ${JSON.stringify(value)}`);
  return port;
}

export async function servePreview(options: ServeOptions): Promise<ExitCode> {
  const { stop, port, watch, ...run } = options;
  const { reporter, cwd } = run;
  const config = await loadConfig(run, run.env, cwd);
  // As `build` does, and before watching: an output folder inside the articles folder
  // would make every build a change that starts the next one. (Serving alone builds
  // nothing: any folder may be served.)
  if (watch) await refuseOverlappingFolders(config, cwd);
  const shown = (file: string) => path.relative(cwd, file) || '.';

  // Filled as watching starts, so that whatever was started is closed however serving ends.
  const started: Watching = { watchers: [] };
  try {
    if (watch) {
      await watchAndBuild(config, { ...run, stop, shown }, started);
      await mkdir(config.outDir, { recursive: true });
    } else if (!(await stat(config.outDir).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(
        `nothing to serve: ${shown(config.outDir)}/ does not exist; run \`presswire build\` first, or \`presswire serve --watch\`, which builds`,
      );
    }
    if (stop.aborted) return EXIT.ok;
    await serveUntilStopped(config.outDir, port, { reporter, stop, shown });
    return EXIT.ok;
  } finally {
    for (const watcher of started.watchers) watcher.close();
    await started.queue?.close();
  }
}

interface Watching {
  watchers: Watcher[];
  queue?: RebuildQueue;
}

type WatchRun = Omit<RunOptions, 'command' | 'signal' | 'run'> & {
  stop: AbortSignal;
  /** A path as the messages show it: relative to the working folder. */
  shown(file: string): string;
};

/** --watch: a rebuild queue, watchers on the articles and the config file, then the first build. */
async function watchAndBuild(config: ResolvedConfig, watchRun: WatchRun, started: Watching): Promise<void> {
  const { reporter, shown } = watchRun;
  // One editor save is several file-system events (write, rename, attributes): the files
  // are gathered while the queue waits for quiet and named in one line per rebuild.
  const changed = new Set<string>();
  const changedFile = (file: string) => {
    changed.add(shown(file));
    started.queue?.trigger();
  };
  const rebuilds = rebuildQueue(watchRun, changed);
  started.queue = rebuilds;
  const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + path.sep);
  // Our own output never starts a rebuild, also when reached through a link.
  const own = [config.outDir, config.stateDir, await resolveReal(config.outDir), await resolveReal(config.stateDir)];
  // A watch that ends is said; the server goes on serving what it has.
  const stopped = (what: string) => (error: Error) =>
    reporter.warn(`stopped watching ${what} (${watchFailure(error)}); restart presswire serve to watch again`);
  const articles = watchTree(
    config.articlesDir,
    changedFile,
    // Never rebuild because of our own output (an out/ or state folder inside articles/).
    (file) => own.some((dir) => inside(dir, file)),
    { onError: stopped(`${shown(config.articlesDir)}/`) },
  );
  started.watchers.push(articles);
  if (config.configFile) {
    const configFile = config.configFile;
    started.watchers.push(watchFile(configFile, () => changedFile(configFile), stopped(shown(configFile))));
  }
  if (articles.watching())
    reporter.info(`presswire serve: watching ${shown(config.articlesDir)}/ for changes`, {
      event: 'watching',
      articles: config.articlesDir,
    });
  await rebuilds.runNow();
}

/** Each rebuild names the files that changed and runs a build; a held lock is tried again, a failure keeps the last good files. */
function rebuildQueue(watchRun: WatchRun, changed: Set<string>): RebuildQueue {
  const { stop, shown: _shown, ...run } = watchRun;
  const { reporter } = run;
  const rebuilds: RebuildQueue = new RebuildQueue(
    async () => {
      if (changed.size > 0) {
        const files = [...changed].sort();
        changed.clear();
        const named = files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more`;
        reporter.info(`presswire serve: ${named} changed; rebuilding`, { event: 'change', file: files[0], files });
      }
      try {
        await runOnce({ ...run, command: 'build', signal: stop });
      } catch (error) {
        if (stop.aborted && error instanceof InterruptedError) return;
        if (error instanceof LockHeldError) {
          reporter.warn(`${error.message}; trying again in ${LOCKED_RETRY_MS / 1000} s`);
          rebuilds.trigger(LOCKED_RETRY_MS);
          return;
        }
        throw error;
      }
    },
    QUIET_MS,
    (error) => {
      // A bad config edit or an I/O failure: say so and keep serving the last good files.
      const message =
        error instanceof PresswireError
          ? error.message
          : `internal error (this is a bug in presswire; please report it): ${(error as Error).stack ?? String(error)}`;
      reporter.warn(`rebuild failed: ${message}; still serving the files of the last good build`);
    },
  );
  return rebuilds;
}

async function serveUntilStopped(
  outDir: string,
  port: number,
  { reporter, stop, shown }: Pick<WatchRun, 'reporter' | 'stop' | 'shown'>,
): Promise<void> {
  const server = await startPreviewServer({
    outDir,
    port,
    onError: (message) => reporter.warn(`serve: ${message}`),
  });
  reporter.info(`presswire serve: ${server.url} serves ${shown(outDir)}/ on loopback only (Ctrl-C to stop)`, {
    event: 'serving',
    url: server.url,
    out: outDir,
  });
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  reporter.info('presswire serve: stopped', { event: 'stopped' });
}
