import type { Diagnostic } from '../diagnostics.js';
import type { PreparedArticle, SiteSettings } from '../load/prepare.js';
import type { StoredBody } from '../render/body-store.js';

/**
 * What an article task is and what it gives back, shared by the main thread and the article
 * threads (workers/tasks.ts does the work). Nothing here loads a parser: the main thread of
 * a build that reads its files on threads imports this, not the parsers and renderers, so
 * its threads start that much sooner (workers/pool.ts).
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
