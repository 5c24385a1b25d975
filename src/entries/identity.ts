import type { Article } from '../model.js';
import { defaultSlug } from '../validate/article.js';
import { expandColonPattern, isColonPattern, jekyllPostId, type PermalinkArticle } from './permalink.js';

/**
 * Where an entry lives and what it is called, forever (pure). SPEC §1: an id NEVER
 * changes once published, so it is derived only from things that do not change when an
 * article is corrected or retitled: the site's host, the publication date and the slug.
 */

/**
 * How entry ids are made (config `ids.scheme`): `tag` (RFC 4151, presswire's own), `url` (the
 * article's absolute URL: Hugo's RSS `<guid>`), `jekyll` (jekyll-feed's `<id>`, the post URL's
 * folder and slug). A site that had feeds keeps its ids, so no subscriber sees its archive again.
 */
export type IdScheme = 'tag' | 'url' | 'jekyll';

/** RFC 4151 tag URI: `tag:news.example.org,2018-06-12:rights-off-summit-agenda`. */
export function entryId(
  article: Pick<Article, 'id' | 'published' | 'slug'>,
  siteUrl: string,
  scheme: IdScheme = 'tag',
  url?: string,
): string {
  if (article.id) return article.id;
  if (scheme === 'url' && url !== undefined) return url;
  if (scheme === 'jekyll' && url !== undefined) return jekyllPostId(url, article.slug);
  const host = new URL(siteUrl).hostname;
  const day = new Date(article.published).toISOString().slice(0, 10);
  return `tag:${host},${day}:${article.slug}`;
}

/**
 * The article's absolute URL: its own `permalink` (another platform's front matter) or the
 * configured pattern, with presswire's placeholders ({yyyy} {mm} {dd} {slug} {section}, UTC)
 * or Jekyll's and Hugo's (`:year`, `:title`, …, on the site's clocks, entries/permalink.ts).
 */
export function articleUrl(
  article: Pick<Article, 'published' | 'slug' | 'section'> & Partial<PermalinkArticle & Pick<Article, 'permalink'>>,
  siteUrl: string,
  pattern: string,
  options: { timeZone?: string; titleIsSlug?: boolean } = {},
): string {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const own = article.permalink;
  if (own !== undefined || isColonPattern(pattern)) {
    const template = own ?? pattern;
    const expanded = expandColonPattern(
      template,
      { title: '', sourcePath: '', ...article },
      options.timeZone ?? 'UTC',
      options.titleIsSlug ?? true,
    );
    // A site-root path is read under site.url, which holds Jekyll's baseurl and Hugo's baseURL path.
    return new URL(/^[a-z][a-z0-9+.-]*:/i.test(expanded) ? expanded : expanded.replace(/^\/+/, ''), base).href;
  }
  const date = new Date(article.published);
  const pad = (n: number) => String(n).padStart(2, '0');
  const relative = pattern
    .replaceAll('{yyyy}', String(date.getUTCFullYear()).padStart(4, '0'))
    .replaceAll('{mm}', pad(date.getUTCMonth() + 1))
    .replaceAll('{dd}', pad(date.getUTCDate()))
    .replaceAll('{slug}', encodeURIComponent(article.slug))
    .replaceAll('{section}', encodeURIComponent(defaultSlug(`${article.section ?? 'news'}.md`)));
  return new URL(relative, base).href;
}
