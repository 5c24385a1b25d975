import { bodyImageRights, imageUseKey } from '../images/rights.js';
import type { Article, ImageTable } from '../model.js';
import { resolveArticleAsset } from '../validate/article.js';
import { correctionsBlock } from './corrections.js';
import { leadFigure, leadImageOf } from './figure.js';
import { hasImages } from './final-body.js';
import { sanitizeArticleHtml } from './sanitize.js';

/**
 * The full content HTML of an entry (pure): corrections block first (the change a
 * subscriber must not miss), then the lead figure, then the sanitized body. Only the body
 * is untrusted; the blocks around it are built here from escaped text.
 */
export function articleContentHtml(
  article: Omit<Article, 'body'>,
  bodyHtml: string,
  articleUrl: string,
  images: ImageTable,
  sizes: string,
): string {
  // bodyHtml is renderBody's output, already sanitized; only local images still need their
  // renditions, which takes a second pass. Most bodies have none and skip it.
  const body = !hasImages(bodyHtml)
    ? bodyHtml
    : sanitizeArticleHtml(bodyHtml, {
        articleUrl,
        sizes,
        localImage: (reference, title) => {
          // A site-root path reached here only when a `static` folder is configured (load/prepare.ts).
          const asset = resolveArticleAsset(article.sourcePath, reference, true);
          return asset.ok ? images.get(imageUseKey(asset.path, bodyImageRights(title))) : undefined;
        },
      });
  return contentBeforeBody(article, images, sizes) + body;
}

/** What an entry's content has before its body: the corrections block and the lead figure. */
export function contentBeforeBody(article: Omit<Article, 'body'>, images: ImageTable, sizes: string): string {
  const lead = leadImageOf(article, images);
  return correctionsBlock(article.corrections) + (lead ? leadFigure(lead, sizes) : '');
}
