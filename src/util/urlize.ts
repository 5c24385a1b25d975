/**
 * A title or name as a URL path segment, the way Hugo's `urlize` and Jekyll's slugs make
 * one: accents dropped, lowercase, every run of other characters one hyphen, none at the
 * ends. Used where presswire must reproduce the URLs another platform published
 * (docs/adopting.md), and for the slug an article's file name gives (validate/article.ts).
 */
export function urlize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
