import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from './cli.js';

/**
 * Small article trees made per test (after changesets' `testdir`): real files in a fresh
 * temporary folder, removed afterwards.
 */

export interface Newsroom {
  root: string;
  articles: string;
  out: string;
  /** Write an article file (path relative to articles/). */
  write(relativePath: string, content: string): Promise<void>;
  read(relativePathInOut: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeNewsroom(options: { copyExample?: boolean } = {}): Promise<Newsroom> {
  const root = await mkdtemp(path.join(tmpdir(), 'presswire-test-'));
  const articles = path.join(root, 'articles');
  const out = path.join(root, 'out');
  if (options.copyExample) await cp(path.join(REPO_ROOT, 'articles'), articles, { recursive: true });
  else await mkdir(articles, { recursive: true });
  return {
    root,
    articles,
    out,
    async write(relativePath, content) {
      const file = path.join(articles, relativePath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    },
    read: (relativePathInOut) => readFile(path.join(out, relativePathInOut), 'utf8'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A small, real JPEG made by sharp (a gradient, so it encodes like a photo). */
export async function writeJpeg(file: string, width = 1200, height = 800): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const channels = 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = 128;
    }
  }
  await sharp(pixels, { raw: { width, height, channels } }).jpeg({ quality: 70 }).toFile(file);
}

/** Front matter + body, from a plain object (values written as YAML-safe JSON). */
export function article(fields: Record<string, unknown>, body = 'A paragraph of the dispatch.\n'): string {
  const yaml = Object.entries(fields)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
  return `---\n${yaml}\n---\n${body}`;
}
