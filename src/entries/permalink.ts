import { zonedParts } from '../validate/dates.js';
import { urlize } from '../util/urlize.js';

/**
 * URL patterns as Jekyll and Hugo write them (pure), so that an adopted site's entries link
 * to the pages it really publishes: Jekyll's permalink placeholders and built-in styles
 * (jekyllrb.com "Permalinks") and Hugo's `[permalinks]` tokens (gohugo.io "URL management").
 * Their dates are read on the site's clocks (`site.timezone`), as those platforms do; the
 * `{yyyy}` placeholders of presswire's own patterns stay in UTC, so no existing URL moves.
 */

/** Jekyll's named permalink styles. */
const JEKYLL_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

export interface PermalinkArticle {
  published: number;
  slug: string;
  title: string;
  section?: string;
  categories?: string[];
  /** Path relative to the articles root: Hugo's `:section` and `:filename` come from it. */
  sourcePath: string;
}

/** Whether a pattern uses `:name` placeholders (or is a Jekyll style name). */
export function isColonPattern(pattern: string): boolean {
  return pattern in JEKYLL_STYLES || /:[a-z_]+/.test(pattern.replace(/^[a-z]+:\/\//i, ''));
}

/** Expand Jekyll/Hugo placeholders; `titleIsSlug`: Jekyll's `:title` is the file's slug, Hugo's the urlized title. */
export function expandColonPattern(
  pattern: string,
  article: PermalinkArticle,
  timeZone: string,
  titleIsSlug: boolean,
): string {
  const template = JEKYLL_STYLES[pattern] ?? pattern;
  // Each value is worked out only when the template names it: this runs for every article of
  // a cold build, and most patterns name two or three of them.
  let date: { year: number; month: number; day: number } | undefined;
  const parts = () => (date ??= zonedParts(article.published, timeZone));
  const pad = (n: number) => String(n).padStart(2, '0');
  const folders = () => article.sourcePath.split('/').slice(0, -1);
  const fileName = () => (article.sourcePath.split('/').pop() ?? '').replace(/\.(?:md|markdown)$/i, '');
  const yearDay = () => {
    const { year, month, day } = parts();
    return Math.floor((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  };
  const value = (name: string): string | undefined => {
    switch (name) {
      case 'year':
        return String(parts().year).padStart(4, '0');
      case 'short_year':
        return pad(parts().year % 100);
      case 'month':
        return pad(parts().month);
      case 'i_month':
        return String(parts().month);
      case 'day':
        return pad(parts().day);
      case 'i_day':
        return String(parts().day);
      case 'y_day':
        return String(yearDay()).padStart(3, '0');
      case 'yearday':
        return String(yearDay());
      case 'title':
        return encodeURIComponent(titleIsSlug ? article.slug : urlize(article.title));
      case 'slug':
      case 'slugorfilename':
        return encodeURIComponent(article.slug);
      case 'filename':
      case 'contentbasename':
        return encodeURIComponent(fileName());
      case 'categories':
        return (article.categories ?? []).map((c) => encodeURIComponent(c.toLowerCase())).join('/');
      case 'section':
        return encodeURIComponent(folders()[0] ?? urlize(article.section ?? ''));
      case 'sections':
        return folders().map(encodeURIComponent).join('/');
      case 'output_ext':
        return '.html';
      default:
        return undefined;
    }
  };
  const expanded = template.replace(/:([a-z_]+)/g, (whole, name: string) => value(name) ?? whole);
  // Jekyll drops the empty segments an absent category leaves.
  return expanded.replace(/\/{2,}/g, '/');
}

/**
 * jekyll-feed's `<id>` (`{{ post.id | absolute_url }}`): Jekyll's Document#id is the
 * folder of the post's URL joined with its slug, `File.join(File.dirname(url), slug)`, so
 * `/2014/03/12/title.html` and `/2014/03/12/title/` both have the id `/2014/03/12/title`.
 */
export function jekyllPostId(url: string, slug: string): string {
  const parsed = new URL(url);
  const folder = parsed.pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '');
  parsed.pathname = `${folder}/${slug}`;
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}
