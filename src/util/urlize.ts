/** Any character outside ASCII: only such text can have accents to drop. */
const NOT_ASCII = /[\u0080-\uffff]/;

/**
 * A title or name as a URL path segment, the way Hugo's `urlize` and Jekyll's slugs make
 * one: accents dropped, lowercase, every run of other characters one hyphen, none at the
 * ends. Used where presswire must reproduce the URLs another platform published
 * (docs/adopting.md), and for the slug an article's file name gives (validate/article.ts).
 * ASCII text has nothing to decompose: it skips the Unicode normalization.
 */
export function urlize(text: string): string {
  const ascii = NOT_ASCII.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
  return ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
