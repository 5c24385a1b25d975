import type { ResolvedConfig } from '../config/schema.js';
import type { Diagnostic } from '../diagnostics.js';
import { appendAll } from '../util/latest.js';
import { siteSettings } from './adoption.js';
import { prepareAll, type ArticleCacheMemory, type PreparedAll } from './article-cache.js';
import { discoverArticles } from './discover.js';
import type { DisplayPaths } from './display-path.js';
import type { ArticleMeta, PreparedArticle } from './prepare.js';

/**
 * The load → validate → render stage: finds the article files, and parses, validates and
 * renders the body of each file whose bytes changed, on every core (load/article-cache.ts).
 * Returns the articles that may be published and the files that failed.
 */

/** An article that parsed and validated: its fields, its id and its URL. */
export interface ValidArticle {
  article: ArticleMeta;
  prepared: PreparedArticle & { meta: ArticleMeta; id: string; url: string };
  displayPath: string;
}

export interface LoadedArticles {
  /** Every article file found, relative to articles/. */
  sourcePaths: string[];
  /** The article cache of this build: rendered bodies, statistics, and what it saves for the next. */
  cache: PreparedAll;
  valid: ValidArticle[];
  /** Files with errors, by source path: a published entry made from one of them is kept (entries/kept.ts). */
  failedSources: Set<string>;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  cwd: string;
  dryRun: boolean;
  signal?: AbortSignal | undefined;
  memory?: ArticleCacheMemory | undefined;
}

export async function loadArticles(
  config: ResolvedConfig,
  paths: DisplayPaths,
  options: LoadOptions,
): Promise<LoadedArticles> {
  const sourcePaths = await discoverArticles(config.articlesDir);
  options.signal?.throwIfAborted();
  const cache = await prepareAll(sourcePaths, {
    articlesDir: config.articlesDir,
    stateDir: config.stateDir,
    site: { ...(await siteSettings(config, options.cwd)), siteRoot: config.staticDir !== undefined },
    displayBase: options.cwd,
    displayPath: paths.displayPath,
    dryRun: options.dryRun,
    memory: options.memory,
  });
  options.signal?.throwIfAborted();
  const diagnostics: Diagnostic[] = [];
  const valid: ValidArticle[] = [];
  const failedSources = new Set<string>();
  for (const prepared of cache.prepared) {
    appendAll(diagnostics, prepared.diagnostics);
    const { meta, id, url } = prepared;
    if (meta && id && url && !prepared.diagnostics.some((d) => d.severity === 'error')) {
      // Checked just above; not copied (10,000 copies on every rebuild).
      valid.push({ article: meta, prepared: prepared as ValidArticle['prepared'], displayPath: prepared.displayPath });
    } else {
      failedSources.add(prepared.sourcePath);
    }
  }
  return { sourcePaths, cache, valid, failedSources, diagnostics };
}
