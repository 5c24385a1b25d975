import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { mapLimit } from '../util/pool.js';
import { renderBudgetForBytes } from '../render/body.js';
import { runPrepare, type PrepareOutcome, type PrepareTask } from './tasks.js';

/**
 * Validation, Markdown and sanitizing are CPU-bound and independent per article, so they
 * run on every core (issue 8) through piscina, a maintained worker-thread pool. Small
 * batches run inline: starting threads costs more than it saves below a few dozen articles.
 * Either way the same function runs, so the output bytes match.
 */

/** Below this many articles to read, the work runs on the main thread. */
const INLINE_BELOW = 64;

export async function prepareInParallel(
  tasks: readonly PrepareTask[],
  threads = availableParallelism(),
): Promise<PrepareOutcome[]> {
  if (threads <= 1 || tasks.length < INLINE_BELOW) return mapLimit(tasks, 1, runPrepare);
  // Under tsx (tests, development) the sources are .ts; from dist/ they are .js.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const pool = new Piscina<PrepareTask, PrepareOutcome>({
    filename: new URL(`./article-worker${extension}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    // A few tasks queued per thread keeps every core busy and memory flat, however many articles.
    return await mapLimit(tasks, threads * 4, async (task) => {
      // The deadline of a hostile body (issue 5) is enforced here: piscina terminates the
      // thread of an aborted task, which no JavaScript inside it can prevent. In-thread
      // timers would cost a watchdog thread per article.
      const budget = deadlineOf(task);
      try {
        return await pool.run({ ...task, renderBudgetMs: Infinity }, { signal: AbortSignal.timeout(budget) });
      } catch (error) {
        if ((error as Error).name !== 'AbortError' && (error as Error).name !== 'TimeoutError') throw error;
        return timedOut(task, budget);
      }
    });
  } finally {
    await pool.destroy();
  }
}

/** The render budget of the file's size (render/body.ts), plus time to read and validate it. */
function deadlineOf(task: PrepareTask): number {
  return Math.ceil(renderBudgetForBytes(task.size ?? 0)) + 2_000;
}

function timedOut(task: PrepareTask, budgetMs: number): PrepareOutcome {
  return {
    prepared: {
      sourcePath: task.sourcePath,
      displayPath: task.displayPath,
      // No hash: the file is read (and tried) again on the next build.
      fileHash: '',
      lines: {},
      diagnostics: [
        {
          severity: 'error',
          file: task.displayPath,
          key: 'body',
          message: `expected Markdown that renders in ${(budgetMs / 1000).toFixed(1)} s but rendering took longer (very long runs of emphasis markers or nested structure?)`,
        },
      ],
    },
    bytesRead: 0,
  };
}
