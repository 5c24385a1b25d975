import type { ResolvedConfig } from '../config/schema.js';
import type { Candidate } from '../entries/syndication.js';
import { produceImages, type ImageStageResult } from './index.js';
import { siteRightsOf } from './rights.js';

/**
 * The images stage for the syndicated articles: every image they use, rendered (or reused)
 * and published before the feeds that reference them.
 */
export async function produceArticleImages(
  candidates: readonly Candidate[],
  config: ResolvedConfig,
  options: {
    now: number;
    dryRun: boolean;
    onProgress?: ((done: number, total: number) => void) | undefined;
    signal?: AbortSignal | undefined;
  },
): Promise<ImageStageResult> {
  const jobs = candidates.flatMap((c) => c.imageSources.map(({ source, rights }) => ({ source, rights })));
  return produceImages(jobs, {
    articlesDir: config.articlesDir,
    ...(config.staticDir ? { staticDir: config.staticDir } : {}),
    outDir: config.outDir,
    stateDir: config.stateDir,
    siteUrl: config.site.url,
    images: config.images,
    rights: siteRightsOf(config.images.rights, config.site.title),
    now: options.now,
    dryRun: options.dryRun,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    // A stop request starts no further source: a long cold image stage ends promptly.
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
