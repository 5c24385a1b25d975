import { imageUseKey, leadImageRights } from '../images/rights.js';
import type { Article, ImageRenditions, ImageTable, LeadImage, Rendition } from '../model.js';
import { escapeHtml } from '../util/xml-text.js';

/**
 * Responsive image markup (pure). A `<picture>` offers WebP/AVIF to browsers that take it;
 * its `<img>` carries a JPEG `src` and a JPEG `srcset`, so a feed reader that strips
 * `<picture>` and `<source>` (many do) still shows the right size (SPEC §3).
 */

/** Width of the JPEG a reader gets when it ignores srcset: sharp enough for a column, light enough for mobile. */
const FALLBACK_WIDTH = 960;

export function jpegRenditions(image: ImageRenditions): Rendition[] {
  return image.renditions.filter((r) => r.format === 'jpeg').sort((a, b) => a.width - b.width);
}

/** The JPEG for `src`: the largest not wider than the fallback width, else the smallest. */
export function fallbackRendition(image: ImageRenditions): Rendition | undefined {
  const jpegs = jpegRenditions(image);
  const fitting = jpegs.filter((r) => r.width <= FALLBACK_WIDTH);
  return fitting[fitting.length - 1] ?? jpegs[0];
}

/** The largest JPEG: the enclosure and the JSON Feed `image`. */
export function largestJpeg(image: ImageRenditions): Rendition | undefined {
  return jpegRenditions(image).at(-1);
}

/** `url 480w, url 960w, …` */
export function srcset(renditions: readonly Rendition[]): string {
  return renditions.map((r) => `${r.url} ${r.width}w`).join(', ');
}

export function responsiveImage(image: ImageRenditions, alt: string, sizes: string): string {
  const fallback = fallbackRendition(image);
  if (!fallback) return '';
  const img =
    `<img src="${escapeHtml(fallback.url)}" srcset="${escapeHtml(srcset(jpegRenditions(image)))}" ` +
    `sizes="${escapeHtml(sizes)}" width="${fallback.width}" height="${fallback.height}" ` +
    `alt="${escapeHtml(alt)}" loading="lazy" decoding="async">`;
  const modern = (['avif', 'webp'] as const)
    .map((format) => image.renditions.filter((r) => r.format === format).sort((a, b) => a.width - b.width))
    .filter((list) => list.length > 0)
    .map(
      (list) =>
        `<source type="${list[0]?.mimeType}" srcset="${escapeHtml(srcset(list))}" sizes="${escapeHtml(sizes)}">`,
    );
  return modern.length > 0 ? `<picture>${modern.join('')}${img}</picture>` : img;
}

/** The lead figure: image, caption and credit. */
export function leadFigure(image: LeadImage, sizes: string): string {
  const caption = image.caption ? `<span class="caption">${escapeHtml(image.caption)}</span>` : '';
  const credit = image.credit ? `<span class="credit">${escapeHtml(image.credit)}</span>` : '';
  const figcaption = caption || credit ? `<figcaption>${[caption, credit].filter(Boolean).join(' ')}</figcaption>` : '';
  return `<figure class="lead-image">${responsiveImage(image, image.alt, sizes)}${figcaption}</figure>`;
}

/**
 * The lead image of an article with its renditions, when the images stage made them. Its
 * credit, copyright and licence are the ones its renditions carry (images/rights.ts): the
 * article's, else the source file's, else the site's.
 */
export function leadImageOf(article: Pick<Article, 'image'>, images: ImageTable): LeadImage | undefined {
  if (!article.image) return undefined;
  const renditions = images.get(imageUseKey(article.image.source, leadImageRights(article.image)));
  if (!renditions) return undefined;
  const { alt, caption } = article.image;
  const { credit, copyright, license } = renditions.rights ?? { credit: article.image.credit };
  return {
    ...renditions,
    alt,
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    ...(copyright ? { copyright } : {}),
    ...(license ? { license } : {}),
  };
}
