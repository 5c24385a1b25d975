import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ArticleSource } from '../validate/article.js';
import { splitFrontMatter } from './front-matter.js';

/** Largest article file accepted (issue 5): bodies of a few MB are fine, a runaway file is not. */
export const MAX_ARTICLE_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ReadResult = { ok: true; source: ArticleSource } | { ok: false; diagnostics: Diagnostic[] };

/** Read one article file and split it; every diagnostic names the file (I/O). */
export async function readArticle(articlesDir: string, sourcePath: string, displayPath: string): Promise<ReadResult> {
  const fail = (message: string): ReadResult => ({ ok: false, diagnostics: [{ severity: 'error', file: displayPath, message }] });
  const bytes = await readFile(path.join(articlesDir, sourcePath));
  if (bytes.length > MAX_ARTICLE_BYTES) {
    return fail(`expected an article file of at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB but received ${(bytes.length / 1024 / 1024).toFixed(1)} MiB`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('expected a UTF-8 text file but received bytes that are not valid UTF-8');
  }
  const split = splitFrontMatter(text, displayPath);
  if (!split.ok) return split;
  return {
    ok: true,
    source: { sourcePath, displayPath, data: split.value.data, body: split.value.body, lineOf: split.value.lineOf },
  };
}
