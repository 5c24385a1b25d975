import { createHash } from 'node:crypto';
import { Marked, type Token } from 'marked';
import type { Diagnostic } from '../diagnostics.js';
import type { Article } from '../model.js';
import { findLocalImages } from '../render/local-images.js';
import { isLocalReference } from '../render/urls.js';
import { validateArticle } from '../validate/article.js';
import { splitFrontMatter } from './front-matter.js';

/**
 * One article file's bytes → everything the build needs to know about it without rendering
 * it (pure). The result is small and serializable, so the article cache (article-cache.ts)
 * can keep it between builds and worker threads can send it back (issue 8): the rendered
 * HTML is made later, only for entries in a feed that has to be rewritten.
 */

/** Largest article file accepted (issue 5): bodies of a few MB are fine, a runaway file is not. */
export const MAX_ARTICLE_BYTES = 16 * 1024 * 1024;

/** An article without its body: what deciding entries, windows and pages needs. */
export type ArticleMeta = Omit<Article, 'body'>;

export interface PreparedArticle {
  sourcePath: string;
  displayPath: string;
  /** sha256 of the file's bytes: the cache's proof that a file is unchanged. */
  fileHash: string;
  /** Present when the article is valid. */
  meta?: ArticleMeta;
  /** sha256 of the Markdown body (line endings normalized): unannounced edits are body changes. */
  bodyHash?: string;
  /** Local image references in the body, as written (relative to the article file). */
  bodyImages: string[];
  /** File lines of keys that later stages report on (image.src, id, slug). */
  lines: Partial<Record<'image.src' | 'id' | 'slug', number>>;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lexer = new Marked({ gfm: true });

export type DecodedArticle = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Size limit and strict UTF-8: a file that is not text is named, never half-read. */
export function decodeArticle(bytes: Uint8Array, displayPath: string): DecodedArticle {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        file: displayPath,
        message: `expected an article file of at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB but received ${(bytes.length / 1024 / 1024).toFixed(1)} MiB`,
      },
    };
  }
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return {
      ok: false,
      diagnostic: { severity: 'error', file: displayPath, message: 'expected a UTF-8 text file but received bytes that are not valid UTF-8' },
    };
  }
}

export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function prepareArticle(bytes: Uint8Array, sourcePath: string, displayPath: string): PreparedArticle {
  const base = { sourcePath, displayPath, fileHash: hashBytes(bytes), bodyImages: [], lines: {} };
  const decoded = decodeArticle(bytes, displayPath);
  if (!decoded.ok) return { ...base, diagnostics: [decoded.diagnostic] };
  const split = splitFrontMatter(decoded.text, displayPath);
  if (!split.ok) return { ...base, diagnostics: split.diagnostics };
  const { data, body, lineOf } = split.value;
  const validated = validateArticle({ sourcePath, displayPath, data, body, lineOf });
  const lines: PreparedArticle['lines'] = {};
  for (const key of ['image.src', 'id', 'slug'] as const) {
    const line = lineOf(key);
    if (line !== undefined) lines[key] = line;
  }
  if (!validated.article) return { ...base, lines, diagnostics: validated.diagnostics };
  const { body: _body, ...meta } = validated.article;
  return {
    ...base,
    meta,
    bodyHash: hashBytes(body.replace(/\r\n?/g, '\n')),
    bodyImages: findBodyImages(body),
    lines,
    diagnostics: validated.diagnostics,
  };
}

/**
 * Local images of a Markdown body, without rendering it: Markdown image tokens and `<img>`
 * inside raw HTML. Most bodies have neither, and a substring test skips the lexer for them.
 */
export function findBodyImages(body: string): string[] {
  if (!body.includes('![') && !body.includes('<img') && !body.includes('<IMG')) return [];
  const found: string[] = [];
  const add = (reference: string) => {
    if (isLocalReference(reference) && !found.includes(reference)) found.push(reference);
  };
  lexer.walkTokens(lexer.lexer(body), (token: Token) => {
    if (token.type === 'image') add(token.href);
    else if (token.type === 'html') findLocalImages(token.text).forEach(add);
  });
  return found;
}
