import type { Article } from '../model.js';
import { defaultSlug } from '../validate/article.js';

/**
 * Where an entry lives and what it is called, forever (pure). SPEC §1: an id NEVER
 * changes once published, so it is derived only from things that do not change when an
 * article is corrected or retitled: the site's host, the publication date and the slug.
 */

/** RFC 4151 tag URI: `tag:news.example.org,2018-06-12:rights-off-summit-agenda`. */
export function entryId(article: Pick<Article, 'id' | 'published' | 'slug'>, siteUrl: string): string {
  if (article.id) return article.id;
  const host = new URL(siteUrl).hostname;
  const day = new Date(article.published).toISOString().slice(0, 10);
  return `tag:${host},${day}:${article.slug}`;
}

/** The article's absolute URL from the configured pattern ({yyyy} {mm} {dd} {slug} {section}). */
export function articleUrl(
  article: Pick<Article, 'published' | 'slug' | 'section'>,
  siteUrl: string,
  pattern: string,
): string {
  const date = new Date(article.published);
  const pad = (n: number) => String(n).padStart(2, '0');
  const relative = pattern
    .replaceAll('{yyyy}', String(date.getUTCFullYear()).padStart(4, '0'))
    .replaceAll('{mm}', pad(date.getUTCMonth() + 1))
    .replaceAll('{dd}', pad(date.getUTCDate()))
    .replaceAll('{slug}', encodeURIComponent(article.slug))
    .replaceAll('{section}', encodeURIComponent(defaultSlug(`${article.section ?? 'news'}.md`)));
  return new URL(relative, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}
