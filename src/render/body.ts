import { Parser } from 'htmlparser2';
import { escapeHtml } from '../util/xml-text.js';
import { directArticleHtml } from './direct-html.js';
import { markdownTokens, tokensToHtml } from './markdown.js';
import { sanitizeArticleHtml } from './sanitize.js';
import { mayCarryTemplates, renderTemplates, type ArticleLink, type TemplateWarning } from './templates/index.js';
import { renderBudgetForBytes, runWithin } from './time-limit.js';

/**
 * Markdown body → sanitized HTML, or the reason it cannot be rendered (pure apart from the
 * wall clock that bounds it). Links are absolute already; local images keep their
 * reference as written, because their renditions are made later and put in by
 * articleContentHtml, which sanitizes again with the image table (sanitizing is idempotent).
 * Finding the body's local images in this HTML, rather than in raw Markdown output, means
 * an image hidden where the sanitizer drops it (`<svg><img src=…>`) is never asked for.
 */

export type BodyResult =
  | {
      ok: true;
      html: string;
      /** Set when the body was longer than a feed carries and was cut. */
      truncated?: { keptChars: number; totalChars: number };
      /** Template tags removed or not understood (render/templates/), lines within the body. */
      templateWarnings?: TemplateWarning[];
      /** Links to other articles, resolved when the entry's content is assembled. */
      links?: ArticleLink[];
    }
  | { ok: false; reason: string };

/**
 * The most body HTML (UTF-16 code units, so at most about 3 MB of UTF-8) an entry carries.
 * libxml2 — the XML parser under PHP, lxml and Nokogiri, so under many partners' ingestion —
 * refuses a text node over 10,000,000 bytes by default ("huge text node"), which a
 * ten-megabyte article's content would be; the whole feed would fail for them. A body
 * longer than this is cut after its last whole top-level block that fits, and ends with a
 * link to the article. Real articles, long investigations included, stay far below it.
 */
export const MAX_BODY_HTML_CHARS = 1_000_000;

/**
 * The time a body may take: generous for honest text (about 0.8 s per MB on a laptop, and
 * CI machines are slower), small against the minutes that pathological input takes.
 */
export function renderBudgetMs(markdown: string): number {
  return renderBudgetForBytes(Buffer.byteLength(markdown, 'utf8'));
}

export function renderBody(
  markdown: string,
  articleUrl: string,
  budgetMs = renderBudgetMs(markdown),
  /** The site URL, for template syntax in the body (render/templates/); absent: none is read. */
  siteUrl?: string,
): BodyResult {
  let templates: ReturnType<typeof renderTemplates> | undefined;
  const result = runWithin(() => {
    // Only a body that can carry template syntax pays for reading it (a presswire body has none).
    if (siteUrl !== undefined && mayCarryTemplates(markdown))
      templates = renderTemplates(markdown, { siteUrl, articleUrl });
    return sanitizedMarkdown(templates?.markdown ?? markdown, articleUrl);
  }, budgetMs);
  if (!result.ok) {
    return {
      ok: false,
      reason:
        result.reason === 'time'
          ? `expected Markdown that renders in ${(budgetMs / 1000).toFixed(1)} s but rendering took longer (very long runs of emphasis markers or nested structure?)`
          : 'expected Markdown nested less deeply but the renderer ran out of stack (thousands of nested quotes or lists?)',
    };
  }
  const html = result.value;
  const found = templates && {
    ...(templates.warnings.length > 0 ? { templateWarnings: templates.warnings } : {}),
    ...(templates.links.length > 0 ? { links: templates.links } : {}),
  };
  if (html.length <= MAX_BODY_HTML_CHARS) return { ok: true, html, ...found };
  const kept = html.slice(0, lastBlockBoundary(html, MAX_BODY_HTML_CHARS));
  const note = `<p><a href="${escapeHtml(articleUrl)}">This article is longer than a feed carries: read the full article.</a></p>\n`;
  return { ok: true, html: kept + note, truncated: { keptChars: kept.length, totalChars: html.length }, ...found };
}

/**
 * Markdown → sanitized HTML: written directly from marked's tokens when the body has no raw
 * HTML (direct-html.ts, the same bytes for a fraction of the work), else marked's HTML
 * through the sanitizer.
 */
export function sanitizedMarkdown(markdown: string, articleUrl: string): string {
  const tokens = markdownTokens(markdown);
  return directArticleHtml(tokens, articleUrl) ?? sanitizeArticleHtml(tokensToHtml(tokens), { articleUrl, sizes: '' });
}

/** The largest offset ≤ limit at which a top-level node of (well-formed, sanitized) HTML ends. */
function lastBlockBoundary(html: string, limit: number): number {
  let depth = 0;
  let boundary = 0;
  const parser = new Parser(
    {
      onopentag() {
        depth += 1;
      },
      onclosetag() {
        depth -= 1;
        const end = parser.endIndex + 1;
        if (depth === 0 && end <= limit) boundary = end;
      },
      ontext() {
        const end = parser.endIndex + 1;
        if (depth === 0 && end <= limit) boundary = end;
      },
    },
    { decodeEntities: false },
  );
  parser.write(html);
  parser.end();
  return boundary;
}
