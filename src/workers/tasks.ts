import { readFile } from 'node:fs/promises';
import { splitFrontMatter } from '../load/front-matter.js';
import { decodeArticle, hashBytes, prepareArticle, type ArticleMeta, type PreparedArticle } from '../load/prepare.js';
import type { ImageRenditions } from '../model.js';
import { articleContentHtml } from '../render/article-html.js';
import { markdownToHtml } from '../render/markdown.js';

/**
 * The per-article work that runs on worker threads (issue 8): reading + preparing an
 * article, and rendering its full content HTML. Each task reads its own file so that only
 * small values cross threads. The same functions run inline for small builds, so the
 * output bytes never depend on where they ran.
 */

export interface PrepareTask {
  kind: 'prepare';
  absolutePath: string;
  sourcePath: string;
  displayPath: string;
  /** The file hash the cache holds: when the bytes still hash to it, nothing is parsed. */
  knownHash?: string;
}

export interface RenderTask {
  kind: 'render';
  absolutePath: string;
  meta: ArticleMeta;
  articleUrl: string;
  /** Renditions of the images this article uses (lead and body), by source path. */
  images: ImageRenditions[];
  sizes: string;
}

export type Task = PrepareTask | RenderTask;

export interface PrepareOutcome {
  /** Undefined when the bytes still hash to `knownHash`. */
  prepared?: PreparedArticle;
  bytesRead: number;
}

export async function runPrepare(task: PrepareTask): Promise<PrepareOutcome> {
  const bytes = await readFile(task.absolutePath);
  if (task.knownHash !== undefined && hashBytes(bytes) === task.knownHash) return { bytesRead: bytes.length };
  return { prepared: prepareArticle(bytes, task.sourcePath, task.displayPath), bytesRead: bytes.length };
}

/** The entry's content HTML; undefined when the file no longer reads as it did (it changed mid-build). */
export async function runRender(task: RenderTask): Promise<string | undefined> {
  const bytes = await readFile(task.absolutePath);
  const decoded = decodeArticle(bytes, task.meta.sourcePath);
  if (!decoded.ok) return undefined;
  const split = splitFrontMatter(decoded.text, task.meta.sourcePath);
  if (!split.ok) return undefined;
  const table = new Map(task.images.map((image) => [image.source, image]));
  const article = { ...task.meta, body: split.value.body };
  return articleContentHtml(article, markdownToHtml(article.body), task.articleUrl, table, task.sizes);
}

export async function runTask(task: Task): Promise<PrepareOutcome | string | undefined> {
  return task.kind === 'prepare' ? runPrepare(task) : runRender(task);
}
