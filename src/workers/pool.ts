import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { startPool } from './start-pool.js';
import { renderBudgetForBytes } from '../render/time-limit.js';
import { failedOutcome, type PrepareBatch, type PrepareOutcome, type PrepareTask } from './prepare-task.js';

/**
 * Validation, Markdown and sanitizing are CPU-bound and independent per article, so they
 * run on every core through piscina, a maintained worker-thread pool. Small
 * builds run inline: starting threads costs more than it saves below a few dozen articles.
 * Either way the same function runs, so the output bytes match.
 *
 * Articles travel in batches: one message per article left each thread idle for a round
 * trip through the main thread after every article (a third of the time at 10,000
 * articles). The deadline of a hostile body still applies per article: each
 * worker publishes which article of its batch it is on (a shared Int32Array), the main
 * thread times it, and past its deadline aborts the batch, which makes piscina terminate
 * the thread (nothing inside the thread can prevent that). The article that ran out of
 * time is reported; the rest of its batch runs again without it.
 */

/** Below this many articles to read, the work runs on the main thread. */
const INLINE_BELOW = 64;
/** Articles per message: large enough that round trips vanish, small enough to balance the threads. */
const MAX_BATCH = 64;
/** How often the main thread looks at what each worker is doing. */
const WATCH_INTERVAL_MS = 50;
/**
 * Rendered bodies sent back to the main thread for this build's feeds: about 2,000
 * articles' worth (16 M characters). Beyond it, bodies stay in the store the threads
 * write (render/body-store.ts) and are read back when a feed needs them (about 30 µs
 * each), so a cold build's memory stays bounded however large the archive. At 100 M
 * characters (all of 10,000 articles held) a cold build of 10,000 peaked at 403 MiB; at
 * 16 M, 350 MiB, in the same CPU time: a body read back costs about what one sent back does.
 */
const BODY_MEMORY_CHARS = 16_000_000;

/** Article threads started ahead of their work (startArticleThreads), for prepareInParallel, which stops them. */
export interface StartedThreads {
  pool: ArticlePool;
  threads: number;
}

type ArticlePool = Piscina<PrepareBatch, PrepareOutcome[]>;

/**
 * Starts the article threads, for `articles` files to read later, and resolves once they are
 * under way: a thread's start-up (about 0.2 s, loading the parsers and renderers) then
 * overlaps what the caller does before the files are read (stat'ing them all, at 10,000
 * files about 0.1 s). Undefined when those files will be read on the main thread. The caller
 * hands the result to prepareInParallel, or to stopArticleThreads if it never gets that far.
 */
export async function startArticleThreads(
  articles: number,
  threads = availableParallelism(),
): Promise<StartedThreads | undefined> {
  if (threads <= 1 || articles < INLINE_BELOW) return undefined;
  return { pool: await startPool<PrepareBatch, PrepareOutcome[]>('article-worker', threads), threads };
}

/**
 * The parsers and renderers, for the articles read on this thread. Loaded only then: a build
 * that reads its files on the article threads starts them without loading these here first
 * (70 ms of the main thread at start-up, and as long before the threads could start).
 */
export function loadParsers(): Promise<typeof import('./tasks.js')> {
  return import('./tasks.js');
}

/** Stops threads started ahead that will not be used. */
export async function stopArticleThreads(started: StartedThreads | undefined): Promise<void> {
  await started?.pool.destroy();
}

export async function prepareInParallel(
  tasks: readonly PrepareTask[],
  options: { store?: string; threads?: number; started?: StartedThreads | undefined } = {},
): Promise<PrepareOutcome[]> {
  const { store, started } = options;
  const threads = started?.threads ?? options.threads ?? availableParallelism();
  if (threads <= 1 || tasks.length < INLINE_BELOW) {
    await stopArticleThreads(started);
    const { runPrepareBatch } = await loadParsers();
    return runPrepareBatch({ tasks: [...tasks], progress: new Int32Array(1), slot: 0, ...(store ? { store } : {}) });
  }
  const pool = started?.pool ?? (await startPool<PrepareBatch, PrepareOutcome[]>('article-worker', threads));
  const progress = new Int32Array(new SharedArrayBuffer(threads * Int32Array.BYTES_PER_ELEMENT)).fill(-1);
  const outcomes = new Array<PrepareOutcome>(tasks.length);
  let heldChars = 0;
  let parsersLoading: Promise<unknown> | undefined;
  // Sixteen batches per thread or more, so a thread that drew slow articles is not the one left running.
  const size = Math.min(MAX_BATCH, Math.max(1, Math.ceil(tasks.length / (threads * 16))));
  const queue: number[][] = [];
  for (let start = 0; start < tasks.length; start += size)
    queue.push(Array.from({ length: Math.min(size, tasks.length - start) }, (_, k) => start + k));

  // One lane per thread, each with its own progress slot: a lane runs one batch at a time.
  const lane = async (slot: number): Promise<void> => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const timedOut = await runBatch(batch, slot);
      if (timedOut === undefined) continue;
      const task = tasks[batch[timedOut] as number] as PrepareTask;
      outcomes[batch[timedOut] as number] = timedOutOutcome(task, deadlineOf(task));
      const rest = batch.filter((_, k) => k !== timedOut);
      if (rest.length > 0) queue.unshift(rest);
    }
  };

  /** Runs one batch into `outcomes`; returns the position of the article that ran out of time, if one did. */
  const runBatch = async (batch: number[], slot: number): Promise<number | undefined> => {
    const controller = new AbortController();
    let current = -1;
    let since = 0;
    let culprit: number | undefined;
    const watch = setInterval(() => {
      const index = Atomics.load(progress, slot);
      const now = performance.now();
      if (index !== current) [current, since] = [index, now];
      else if (index >= 0 && now - since > deadlineOf(tasks[batch[index] as number] as PrepareTask)) {
        culprit = index;
        controller.abort();
      }
    }, WATCH_INTERVAL_MS);
    try {
      const results = await pool.run(
        // Infinity: the deadline is enforced from here, not by the renderer.
        {
          tasks: batch.map((index) => ({ ...(tasks[index] as PrepareTask), renderBudgetMs: Infinity })),
          progress,
          slot,
          ...(store ? { store, returnStored: heldChars < BODY_MEMORY_CHARS, returnFinal: false } : {}),
        },
        { signal: controller.signal },
      );
      results.forEach((outcome, k) => {
        outcomes[batch[k] as number] = outcome;
        heldChars += outcome.bodyHtml?.length ?? 0;
      });
      // The main thread only waits on the threads: it loads the parsers meanwhile, which the
      // entries' content needs next (render/entry-content.ts), instead of after the threads.
      // Not before a first batch is back: until then the threads are still loading theirs. A
      // failure to load shows again where they are needed.
      parsersLoading ??= loadParsers().catch(() => undefined);
      return undefined;
    } catch (error) {
      if (culprit === undefined) throw error;
      return culprit;
    } finally {
      clearInterval(watch);
      Atomics.store(progress, slot, -1);
    }
  };

  try {
    await Promise.all(Array.from({ length: threads }, (_, slot) => lane(slot)));
    return outcomes;
  } finally {
    await pool.destroy();
  }
}

/** The render budget of the file's size (render/body.ts), plus time to read and validate it. */
function deadlineOf(task: PrepareTask): number {
  return Math.ceil(renderBudgetForBytes(task.size ?? 0)) + 2_000;
}

function timedOutOutcome(task: PrepareTask, budgetMs: number): PrepareOutcome {
  return failedOutcome(task, {
    severity: 'error',
    file: task.displayPath,
    key: 'body',
    message: `expected Markdown that renders in ${(budgetMs / 1000).toFixed(1)} s but rendering took longer (very long runs of emphasis markers or nested structure?)`,
  });
}
