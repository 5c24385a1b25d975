import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ARTICLE_BYTES, readArticleBytes } from './read-article.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'presswire-read-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('readArticleBytes', () => {
  it('gives a file’s bytes exactly, multi-byte characters and all', async () => {
    const text = `---\ntitle: Zürich — “Ωmega” 🗞\n---\n\n${'Paragraph. '.repeat(2000)}\n`;
    await writeFile(path.join(folder, 'a.md'), text);
    const read = readArticleBytes(path.join(folder, 'a.md'), 'articles/a.md');
    expect(read.ok && Buffer.from(read.bytes).toString('utf8')).toBe(text);
  });

  it('gives an empty file as no bytes', async () => {
    await writeFile(path.join(folder, 'empty.md'), '');
    const read = readArticleBytes(path.join(folder, 'empty.md'), 'articles/empty.md');
    expect(read.ok && read.bytes.length).toBe(0);
  });

  it('refuses a file over the size limit before reading it, naming the file and both sizes', async () => {
    const file = path.join(folder, 'huge.md');
    await writeFile(file, '');
    await truncate(file, MAX_ARTICLE_BYTES + 1);
    expect(readArticleBytes(file, 'articles/huge.md')).toEqual({
      ok: false,
      diagnostic: {
        severity: 'error',
        file: 'articles/huge.md',
        message: 'expected an article file of at most 16 MiB but received 16.0 MiB',
      },
    });
  });

  it('reports a file that cannot be read as that article’s error, with the system’s code', () => {
    expect(readArticleBytes(path.join(folder, 'gone.md'), 'articles/gone.md')).toEqual({
      ok: false,
      diagnostic: {
        severity: 'error',
        file: 'articles/gone.md',
        message: 'expected a readable article file but reading it failed (ENOENT)',
      },
    });
  });
});
