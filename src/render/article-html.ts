import type { Article, ImageTable, LeadImage } from '../model.js';
import { resolveArticleAsset } from '../validate/article.js';
import { correctionsBlock } from './corrections.js';
import { leadFigure } from './figure.js';
import { sanitizeArticleHtml } from './sanitize.js';

/**
 * The full content HTML of an entry (pure): corrections block first (the change a
 * subscriber must not miss), then the lead figure, then the sanitized body. Only the body
 * is untrusted; the blocks around it are built here from escaped text.
 */
export function articleContentHtml(
  article: Article,
  bodyHtml: string,
  articleUrl: string,
  images: ImageTable,
  sizes: string,
): string {
  const body = sanitizeArticleHtml(bodyHtml, {
    articleUrl,
    sizes,
    localImage: (reference) => {
      const asset = resolveArticleAsset(article.sourcePath, reference);
      return asset.ok ? images.get(asset.path) : undefined;
    },
  });
  const lead = leadImageOf(article, images);
  return [correctionsBlock(article.corrections), lead ? leadFigure(lead, sizes) : '', body].join('');
}

export function leadImageOf(article: Article, images: ImageTable): LeadImage | undefined {
  if (!article.image) return undefined;
  const renditions = images.get(article.image.source);
  if (!renditions) return undefined;
  const { alt, caption, credit } = article.image;
  return { ...renditions, alt, ...(caption ? { caption } : {}), ...(credit ? { credit } : {}) };
}
