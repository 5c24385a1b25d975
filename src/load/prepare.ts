import { hash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import { articleUrl, entryId, type IdScheme } from '../entries/identity.js';
import { fieldsHashOf } from '../entries/significant-edits.js';
import { DEFAULT_ADOPTION, type AdoptionSettings } from '../validate/dialects/map.js';
import type { Dialect } from '../validate/dialects/table.js';
import { readDialect } from './read-dialect.js';
import type { Article } from '../model.js';
import { MAX_BODY_HTML_CHARS, renderBody, renderBudgetMs as defaultBudget } from '../render/body.js';
import { findLocalImages } from '../render/local-images.js';
import { lineInBody, resolveArticleAsset, validateArticle } from '../validate/article.js';
import { parseArticleBytes } from './read-article.js';

/**
 * One article file's bytes → everything later stages need to know about it (pure). The
 * result is small and serializable, so the article cache keeps it between builds and
 * worker threads send it back. The rendered body itself is returned beside it,
 * for the body store, not inside it.
 */

/** An article without its body: what deciding entries, windows and pages needs. */
export type ArticleMeta = Omit<Article, 'body'>;

/** Where the article lives on the site: what its id and URL are derived from. */
export interface SiteSettings {
  url: string;
  articlePath: string;
  /** Whether a `static` folder is configured: site-root image paths (`/images/x.jpg`) are read from it. */
  siteRoot?: boolean;
  /** `ids.scheme` (entries/identity.ts); default `tag`. */
  idScheme?: IdScheme;
  /** How other platforms' front matter is read (validate/dialects/); default: `auto`, UTC. */
  adoption?: AdoptionSettings;
}

export interface BodyImage {
  /** As written in the body (relative to the article file). */
  reference: string;
  /** Resolved path relative to the articles root. */
  source: string;
  line: number;
  /** The Markdown title: the image's caption and credit (images/rights.ts `bodyImageRights`). */
  title?: string;
}

/** A link to another article written with template syntax (render/templates/links.ts). */
export interface BodyLink {
  target: string;
  line: number;
}

export interface PreparedArticle {
  sourcePath: string;
  displayPath: string;
  /** sha256 of the file's bytes: the cache's proof that a file is unchanged. */
  fileHash: string;
  /** The platform its front matter was read as (the build's summary counts them). */
  dialect?: Dialect;
  /** Present when the article is valid. */
  meta?: ArticleMeta;
  id?: string;
  url?: string;
  /** sha256 of the Markdown body (line endings normalized): unannounced edits are body changes. */
  bodyHash?: string;
  /**
   * The significant fields' hashes (entries/significant-edits.ts), made where the article is
   * read: on the article threads in a cold build, and kept in the article cache after it.
   */
  fieldsHash?: string;
  /** The body rendered and sanitized (local images not yet resolved), when the article may be syndicated. */
  body?: { images: BodyImage[]; links?: BodyLink[] };
  /** File lines of keys later stages report on. */
  lines: Partial<Record<'image.src' | 'id' | 'slug', number>>;
  /** Errors make the article fail; warnings are reported every build while they stand. */
  diagnostics: Diagnostic[];
}

export interface Prepared {
  prepared: PreparedArticle;
  /** The rendered body, when prepared.body is set. */
  bodyHtml?: string;
}

export function hashBytes(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex');
}

export function prepareArticle(
  bytes: Uint8Array,
  /** hashBytes(bytes), which the caller has already computed to decide whether to parse at all. */
  fileHash: string,
  sourcePath: string,
  displayPath: string,
  site: SiteSettings,
  /** Time the body may take to render; Infinity when the caller enforces it (a worker thread). */
  renderBudgetMs?: number,
): Prepared {
  const base = { sourcePath, displayPath, fileHash, lines: {} };
  const read = parseArticleBytes(bytes, sourcePath, displayPath);
  if (!read.ok) return { prepared: { ...base, diagnostics: read.diagnostics } };
  const adoption = site.adoption ?? DEFAULT_ADOPTION;
  const { source, dialect, diagnostics: mapping } = readDialect(read.source, read.format, adoption);
  const lines: PreparedArticle['lines'] = {};
  for (const key of ['image.src', 'id', 'slug'] as const) {
    const line = source.lineOf(source.writtenKey ? source.writtenKey(key) : key);
    if (line !== undefined) lines[key] = line;
  }
  // Site-root image paths are read from the `static` folder when one is configured.
  const validated = validateArticle(site.siteRoot ? Object.assign(source, { siteRoot: true }) : source);
  const diagnostics = mapping.concat(validated.diagnostics);
  const withDialect = { ...base, dialect };
  if (!validated.article) return { prepared: { ...withDialect, lines, diagnostics } };

  const { body, ...meta } = validated.article;
  const url = articleUrl(meta, site.url, site.articlePath, {
    timeZone: adoption.timezone,
    titleIsSlug: dialect !== 'hugo',
  });
  const prepared: PreparedArticle = {
    ...withDialect,
    meta,
    id: entryId(meta, site.url, site.idScheme, url),
    url,
    bodyHash: hashBytes(body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body),
    fieldsHash: fieldsHashOf(meta),
    lines,
    diagnostics,
  };
  // Drafts and withdrawn articles are never shown: their bodies are not rendered.
  if (meta.status !== 'published') return { prepared };

  const bodyLine = source.bodyLine ?? 1;
  // Sanitized within a time budget: a body that cannot be rendered is this article's error.
  const rendered = renderBody(body, url, renderBudgetMs ?? defaultBudget(body), site.url);
  if (!rendered.ok) {
    diagnostics.push({ severity: 'error', file: displayPath, line: bodyLine, key: 'body', message: rendered.reason });
    return { prepared };
  }
  if (rendered.truncated) {
    diagnostics.push({
      severity: 'warning',
      file: displayPath,
      line: bodyLine,
      key: 'body',
      message: `expected a body of at most ${MAX_BODY_HTML_CHARS.toLocaleString('en')} characters of HTML but received ${rendered.truncated.totalChars.toLocaleString('en')}; the feeds carry its first ${rendered.truncated.keptChars.toLocaleString('en')} characters and a link to the article`,
    });
  }
  for (const warning of rendered.templateWarnings ?? []) {
    diagnostics.push({
      severity: 'warning',
      file: displayPath,
      line: bodyLine + warning.line - 1,
      key: 'body',
      message: `template tag ${warning.tag}: ${warning.message}`,
    });
  }
  const images: BodyImage[] = [];
  for (const { reference, title } of findLocalImages(rendered.html)) {
    const asset = resolveArticleAsset(sourcePath, reference, site.siteRoot);
    const line = lineInBody(body, bodyLine, reference);
    if (asset.ok) images.push({ reference, source: asset.path, line, ...(title === undefined ? {} : { title }) });
    else {
      diagnostics.push({
        severity: 'error',
        file: displayPath,
        line,
        key: 'body',
        message: `image ${JSON.stringify(reference)}: ${asset.reason} but received ${JSON.stringify(reference)}`,
      });
    }
  }
  const links = rendered.links?.map((link) => ({ target: link.target, line: bodyLine + link.line - 1 }));
  prepared.body = links ? { images, links } : { images };
  return { prepared, bodyHtml: rendered.html };
}
