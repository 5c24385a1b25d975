import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { mapLimit } from '../util/pool.js';
import { runPrepare, runRender, type PrepareOutcome, type PrepareTask, type RenderTask } from './tasks.js';

/**
 * Markdown, sanitizing and validation are CPU-bound and independent per article, so they
 * run on every core (issue 8) through piscina — a maintained worker-thread pool with a
 * bounded task queue. Small jobs run inline: starting threads costs more than it saves
 * below a few dozen articles. Either way the same pure functions run, so the bytes match.
 */

/** Below this many tasks in one batch, work runs on the main thread. */
const INLINE_BELOW = 48;

export interface ArticleWorkers {
  prepare(tasks: readonly PrepareTask[]): Promise<PrepareOutcome[]>;
  render(tasks: readonly RenderTask[]): Promise<(string | undefined)[]>;
  close(): Promise<void>;
}

export function createArticleWorkers(threads = availableParallelism()): ArticleWorkers {
  let pool: Piscina | undefined;
  const getPool = (): Piscina => {
    // Under tsx (tests, development) the sources are .ts; from dist/ they are .js.
    const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    pool ??= new Piscina({
      filename: new URL(`./article-worker${extension}`, import.meta.url).href,
      minThreads: 1,
      maxThreads: Math.max(1, threads),
      // A small queue per thread keeps memory flat however many articles there are.
      maxQueue: 'auto',
    });
    return pool;
  };
  const inParallel = <T, R>(tasks: readonly T[], inline: (task: T) => Promise<R>): Promise<R[]> => {
    if (threads <= 1 || tasks.length < INLINE_BELOW) return sequential(tasks, inline);
    const workers = getPool();
    return mapLimit(tasks, workers.options.maxThreads * 4, (task) => workers.run(task) as Promise<R>);
  };
  return {
    prepare: (tasks) => inParallel(tasks, runPrepare),
    render: (tasks) => inParallel(tasks, runRender),
    close: async () => {
      await pool?.destroy();
      pool = undefined;
    },
  };
}

async function sequential<T, R>(tasks: readonly T[], fn: (task: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const task of tasks) results.push(await fn(task));
  return results;
}

