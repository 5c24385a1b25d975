import type { Diagnostic } from '../../diagnostics.js';
import { LINK_STAND_IN } from './constructs.js';
import { escapeHtml } from '../../util/xml-text.js';

/**
 * Links from one article to another (`{% post_url %}`, `{% link %}`, `{{< ref >}}`,
 * `{{< relref >}}`) resolved to the linked article's URL (pure). Bodies carry a stand-in
 * (constructs.ts) because an article's URL is known only once every article is read.
 */

export interface LinkableArticle {
  /** Path relative to the articles folder, POSIX separators. */
  sourcePath: string;
  /** The article's absolute URL. */
  url: string;
}

/** A target as written, without extension, leading `/` or `./`, trailing `/`, query or fragment. */
function normalizeTarget(target: string): string {
  return target
    .replace(/[?#].*$/s, '')
    .replace(/^(?:\.?\/)+/, '')
    .replace(/\/+$/, '')
    .replace(/\.(md|markdown)$/i, '')
    .replace(/\/(?:_?index)$/, '');
}

/**
 * target → URL of the one article it names, else undefined. A target names an article when
 * its path (without extension) is the article's path or ends or starts with it on a folder
 * boundary: `2014-03-12-x` (post_url), `_posts/2014-03-12-x.md` (link, written from the
 * site root), `posts/x` or `/posts/x/` (ref). Two articles matching is no match: a link
 * must not go to the wrong story.
 */
export function articleLinkResolver(articles: readonly LinkableArticle[]): (target: string) => string | undefined {
  // Indexed on first use: most builds have no body that links with template syntax.
  let byName: Map<string, LinkableArticle[]> | undefined;
  const index = (): Map<string, LinkableArticle[]> => {
    const names = new Map<string, LinkableArticle[]>();
    for (const article of articles) {
      const path = normalizeTarget(article.sourcePath);
      const name = path.split('/').pop() ?? path;
      const list = names.get(name);
      if (list) list.push(article);
      else names.set(name, [article]);
    }
    return names;
  };
  return (target) => {
    const wanted = normalizeTarget(target);
    const name = wanted.split('/').pop() ?? wanted;
    byName ??= index();
    const matches = (byName.get(name) ?? []).filter((article) => {
      const path = normalizeTarget(article.sourcePath);
      return path === wanted || path.endsWith(`/${wanted}`) || wanted.endsWith(`/${path}`);
    });
    if (matches.length !== 1) return undefined;
    const fragment = /#.*$/s.exec(target)?.[0] ?? '';
    return `${matches[0]?.url ?? ''}${fragment}`;
  };
}

const STAND_IN = new RegExp(`${LINK_STAND_IN.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([A-Za-z0-9%._~!*'()-]*)`, 'g');

/**
 * Body HTML with every stand-in replaced by the linked article's URL (HTML-escaped: it goes
 * into attributes). A link whose article is unknown loses its `href` (the text stays, as
 * text) and a bare stand-in in text goes; the build warns about both.
 */
export function resolveLinkStandIns(html: string, resolve: (target: string) => string | undefined): string {
  if (!html.includes(LINK_STAND_IN)) return html;
  const url = (encoded: string): string | undefined => {
    let target: string;
    try {
      target = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    return resolve(target);
  };
  const hrefs = new RegExp(`\\s*href="${STAND_IN.source}"`, 'g');
  return html
    .replace(hrefs, (whole, encoded: string) => {
      const found = url(encoded);
      return found === undefined ? '' : ` href="${escapeHtml(found)}"`;
    })
    .replace(STAND_IN, (_whole, encoded: string) => escapeHtml(url(encoded) ?? ''));
}

/** What build.ts knows of an article whose body links to others. */
export interface LinkingArticle {
  displayPath: string;
  links?: readonly { target: string; line: number }[];
}

/** A warning for each link whose article presswire does not know (the link text stays, without a link). */
export function unresolvedLinkWarnings(
  articles: readonly LinkingArticle[],
  resolve: (target: string) => string | undefined,
): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const article of articles) {
    for (const link of article.links ?? []) {
      if (resolve(link.target) !== undefined) continue;
      warnings.push({
        severity: 'warning',
        file: article.displayPath,
        line: link.line,
        key: 'body',
        message: `link to ${JSON.stringify(link.target)}: expected the path of exactly one article presswire publishes but received one it does not know (or that names several); the link was removed`,
      });
    }
  }
  return warnings;
}
