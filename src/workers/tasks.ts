import type { Diagnostic } from '../diagnostics.js';
import { hashBytes, prepareArticle, type PreparedArticle, type SiteSettings } from '../load/prepare.js';
import { readArticleBytes } from '../load/read-article.js';
import { writePackSync, type StoredBody } from '../render/body-store.js';

/**
 * The per-article work that runs on worker threads: read a file, and when its
 * bytes changed, validate it and render its body. Each task reads its own file so that only small values cross threads; the same
 * function runs inline for small builds, so the bytes never depend on where it ran.
 */

export interface PrepareTask {
  absolutePath: string;
  sourcePath: string;
  displayPath: string;
  site: SiteSettings;
  /** The file hash the cache holds: when the bytes still hash to it, nothing is parsed. */
  knownHash?: string;
  /** File size from the cache's stat: the time budget grows with it. */
  size?: number;
  /** Infinity on a worker thread, whose deadline the pool enforces; else the renderer bounds itself. */
  renderBudgetMs?: number;
}

export interface PrepareOutcome {
  /** Undefined when the bytes still hash to `knownHash`. */
  prepared?: PreparedArticle;
  /** The rendered body, for this build's feeds. */
  bodyHtml?: string;
  /** Where that body was stored for later builds (render/body-store.ts), when it was. */
  stored?: StoredBody;
  bytesRead: number;
}

/** A worker's unit of work: several articles, so that threads do not idle between messages. */
export interface PrepareBatch {
  tasks: PrepareTask[];
  /**
   * Shared with the main thread: the worker stores here, at `slot`, the index in `tasks`
   * of the article it is working on (-1 when none), so that the main thread can time each
   * article, not the batch (workers/pool.ts).
   */
  progress: Int32Array;
  slot: number;
  /** The body store's folder: the batch's bodies are written there as one pack. Absent: not stored (`check`). */
  store?: string;
  /**
   * Whether stored bodies are sent back too. Not when the main thread already holds as many
   * as its memory budget allows (workers/pool.ts): it reads those back from the store.
   */
  returnStored?: boolean;
  /**
   * Whether a stored body marked final (render/body-store.ts) is sent back with the others.
   * Not from the threads: when the feeds are serialized on threads, those read such bodies
   * from the store themselves (workers/feed-worker.ts), so holding them would only cost the
   * main thread memory and a copy each way; when the main thread serializes, reading one
   * back costs about what receiving it did (workers/pool.ts).
   */
  returnFinal?: boolean;
}

/** A file that could not be read or rendered: its error, and no hash, so the next build reads (and tries) it again. */
export function failedOutcome(task: PrepareTask, diagnostic: Diagnostic): PrepareOutcome {
  return {
    prepared: {
      sourcePath: task.sourcePath,
      displayPath: task.displayPath,
      fileHash: '',
      lines: {},
      diagnostics: [diagnostic],
    },
    bytesRead: 0,
  };
}

export function runPrepareBatch({
  tasks,
  progress,
  slot,
  store,
  returnStored = true,
  returnFinal = true,
}: PrepareBatch): PrepareOutcome[] {
  let outcomes: PrepareOutcome[];
  try {
    outcomes = tasks.map((task, index) => {
      Atomics.store(progress, slot, index);
      return runPrepare(task);
    });
  } finally {
    Atomics.store(progress, slot, -1);
  }
  if (store !== undefined) {
    const rendered = outcomes.filter((outcome) => outcome.bodyHtml !== undefined);
    const stored = writePackSync(
      store,
      rendered.map((outcome) => outcome.bodyHtml as string),
    );
    stored?.forEach((body, k) => {
      const outcome = rendered[k] as PrepareOutcome;
      outcome.stored = body;
      if (!returnStored || (body.final && !returnFinal)) delete outcome.bodyHtml;
    });
  }
  return outcomes;
}

function runPrepare(task: PrepareTask): PrepareOutcome {
  const read = readArticleBytes(task.absolutePath, task.displayPath);
  if (!read.ok) {
    return failedOutcome(task, read.diagnostic);
  }
  const bytesRead = read.bytes.length;
  // Hashed once: the hash decides whether to parse, and is the cache's record of these bytes.
  const fileHash = hashBytes(read.bytes);
  if (fileHash === task.knownHash) return { bytesRead };
  const { prepared, bodyHtml } = prepareArticle(
    read.bytes,
    fileHash,
    task.sourcePath,
    task.displayPath,
    task.site,
    task.renderBudgetMs,
  );
  return { prepared, ...(bodyHtml === undefined ? {} : { bodyHtml }), bytesRead };
}
