import { hashBytes, prepareArticle } from '../load/prepare.js';
import { readArticleBytes } from '../load/read-article.js';
import { writePackSync } from '../render/body-store.js';
import { failedOutcome, type PrepareBatch, type PrepareOutcome, type PrepareTask } from './prepare-task.js';

/**
 * The per-article work that runs on worker threads: read a file, and when its
 * bytes changed, validate it and render its body. Each task reads its own file so that only small values cross threads; the same
 * function runs inline for small builds, so the bytes never depend on where it ran.
 */

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
