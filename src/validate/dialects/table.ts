/**
 * Which front-matter key each platform uses for each of presswire's fields (pure data). The
 * key table of docs/adopting.md ("each presswire field and the key each platform uses for
 * it") is this table; map.ts reads the keys in the order written here (the first one present wins).
 * Sources: Jekyll "Front Matter" and "Posts", jekyll-feed's README; Hugo "Front matter";
 * Eleventy "Front Matter Data" and "Content Dates"; Astro's blog template
 * (`src/content.config.ts`).
 */

export const DIALECTS = ['presswire', 'jekyll', 'hugo', 'eleventy', 'astro'] as const;
export type Dialect = (typeof DIALECTS)[number];
export type ForeignDialect = Exclude<Dialect, 'presswire'>;

/** presswire's fields that other platforms write under other names. */
export type MappedField = 'title' | 'published' | 'updated' | 'dek' | 'authors' | 'image' | 'slug' | 'permalink';

export const FIELD_KEYS: Record<MappedField, Record<ForeignDialect, readonly string[]>> = {
  title: { jekyll: ['title'], hugo: ['title'], eleventy: ['title'], astro: ['title'] },
  published: {
    jekyll: ['date'],
    hugo: ['date', 'publishDate', 'pubDate', 'published'],
    eleventy: ['date'],
    astro: ['pubDate', 'date', 'publishDate'],
  },
  updated: {
    jekyll: ['last_modified_at', 'updated', 'modified'],
    hugo: ['lastmod', 'modified', 'updated'],
    eleventy: ['updated', 'modified', 'last_modified_at'],
    astro: ['updatedDate', 'updated', 'modified'],
  },
  dek: {
    jekyll: ['description', 'excerpt', 'subtitle', 'summary'],
    hugo: ['description', 'summary', 'subtitle'],
    eleventy: ['description', 'excerpt', 'summary', 'subtitle'],
    astro: ['description', 'summary', 'subtitle'],
  },
  authors: {
    jekyll: ['author', 'authors'],
    hugo: ['authors', 'author'],
    eleventy: ['author', 'authors'],
    astro: ['author', 'authors'],
  },
  image: {
    jekyll: ['image', 'featured_image'],
    hugo: ['images', 'image', 'featured_image'],
    eleventy: ['image', 'featured_image'],
    astro: ['heroImage', 'image'],
  },
  slug: { jekyll: ['slug'], hugo: ['slug'], eleventy: ['slug'], astro: ['slug'] },
  permalink: { jekyll: ['permalink'], hugo: ['url'], eleventy: ['permalink'], astro: [] },
};

/** The keys an article's section and tags come from; `input.section` says which list is the section. */
export const CATEGORY_KEYS = ['categories', 'category'] as const;
export const TAG_KEYS = ['tags', 'tag'] as const;

/**
 * Keys these platforms document that say nothing a feed carries (layout, menus, comments,
 * search-engine hints): read without a warning, so that a 500-post archive does not print
 * 500 "unknown key" lines for `layout: post`.
 */
export const IGNORED_KEYS: Record<ForeignDialect, readonly string[]> = {
  jekyll: ['layout', 'comments', 'share', 'toc', 'sitemap', 'lang', 'redirect_from', 'redirect_to', 'hidden', 'pin'],
  hugo: [
    'aliases',
    'type',
    'layout',
    'weight',
    'keywords',
    'menu',
    'menus',
    'toc',
    'linkTitle',
    'markup',
    'outputs',
    'params',
    'resources',
    'sitemap',
    'translationKey',
    'headless',
    'build',
    'cascade',
    'comments',
    'isCJKLanguage',
    'series',
  ],
  eleventy: [
    'layout',
    'eleventyNavigation',
    'eleventyExcludeFromCollections',
    'eleventyComputed',
    'eleventyImport',
    'pagination',
    'templateEngineOverride',
    'dynamicPermalink',
  ],
  astro: ['layout', 'minutesRead'],
};

/** Keys only one platform writes: `auto` reads a file that carries one as that platform's. */
export const SIGNATURE_KEYS: Record<ForeignDialect, readonly string[]> = {
  hugo: ['lastmod', 'publishDate', 'expiryDate', 'images', 'aliases', 'weight', 'linkTitle', 'url'],
  astro: ['pubDate', 'heroImage', 'updatedDate'],
  eleventy: [
    'eleventyNavigation',
    'eleventyExcludeFromCollections',
    'eleventyComputed',
    'eleventyImport',
    'templateEngineOverride',
  ],
  jekyll: ['last_modified_at', 'excerpt', 'permalink', 'layout', 'categories', 'category'],
};

/** Keys of presswire's own dialect that no other platform writes. */
export const PRESSWIRE_SIGNATURE_KEYS = ['dek', 'corrections', 'embargo', 'status'] as const;
