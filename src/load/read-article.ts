import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import type { ArticleSource } from '../validate/article.js';
import { splitFrontMatter, type FrontMatterFormat } from './front-matter.js';

/** Largest article file accepted: bodies of ten MB build, a runaway file is refused before it is read. */
export const MAX_ARTICLE_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type ReadResult =
  { ok: true; source: ArticleSource; format?: FrontMatterFormat } | { ok: false; diagnostics: Diagnostic[] };

export type BytesResult = { ok: true; bytes: Buffer } | { ok: false; diagnostic: Diagnostic };

/**
 * The file's bytes, refused before reading when it is larger than MAX_ARTICLE_BYTES (I/O).
 * Synchronous on purpose: it runs on a worker thread (or for a handful of files inline),
 * where awaiting four thread-pool round trips per file left the thread idle between
 * articles.
 */
export function readArticleBytes(file: string, displayPath: string): BytesResult {
  const fail = (message: string): BytesResult => ({
    ok: false,
    diagnostic: { severity: 'error', file: displayPath, message },
  });
  try {
    // The size is checked on the open file before anything is read, so memory stays bounded
    // whatever the file holds.
    const fd = openSync(file, 'r');
    try {
      const { size } = fstatSync(fd);
      if (size > MAX_ARTICLE_BYTES) {
        return fail(
          `expected an article file of at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB but received ${(size / 1024 / 1024).toFixed(1)} MiB`,
        );
      }
      // Read here, not with readFileSync(fd), which would stat the open file a second time:
      // a system call per article, and system calls are dear on a virtual machine.
      const bytes = Buffer.allocUnsafe(size);
      let length = 0;
      while (length < size) {
        const read = readSync(fd, bytes, length, size - length, length);
        // The file shrank since it was stat'ed: what it holds now is what is read.
        if (read === 0) break;
        length += read;
      }
      return { ok: true, bytes: length < size ? bytes.subarray(0, length) : bytes };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // A file that vanished or cannot be read is this article's problem, not the build's.
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    return fail(`expected a readable article file but reading it failed (${code})`);
  }
}

/** Bytes → UTF-8 text → front matter and body (pure). */
export function parseArticleBytes(bytes: Uint8Array, sourcePath: string, displayPath: string): ReadResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          file: displayPath,
          line,
          message: `expected a UTF-8 text file but received bytes that are not valid UTF-8 (byte ${offset}: 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')})`,
        },
      ],
    };
  }
  const split = splitFrontMatter(text, displayPath);
  if (!split.ok) return split;
  const { data, body, bodyLine, lineOf, format } = split.value;
  return {
    ok: true,
    source: { sourcePath, displayPath, data, body, bodyLine, lineOf },
    ...(format === undefined ? {} : { format }),
  };
}

/** Offset of the first byte that breaks UTF-8, so the author can find it (a Latin-1 "é" in a UTF-8 file, typically). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // Decoding a prefix succeeds until it contains the first bad byte; a prefix may also end
  // inside a valid sequence, so decode with `stream` to allow an unfinished one.
  const valid = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    if (valid(middle)) low = middle;
    else high = middle - 1;
  }
  // The first `low` bytes decode if a sequence may stay unfinished; the bad sequence starts
  // where a complete decode last succeeds (at most three bytes back: a sequence is four long).
  for (let back = 0; back <= 3 && low - back >= 0; back++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, low - back));
      return Math.min(low - back, bytes.length - 1);
    } catch {
      // still inside the bad sequence
    }
  }
  return Math.min(low, bytes.length - 1);
}
