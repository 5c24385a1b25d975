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
  /** The newsroom's presswire.config.json. */
  config: string;
  /**
   * Replace presswire.config.json with TEST_SITE plus `settings` (its `site` keys merged
   * over TEST_SITE's), so a test states only what it changes.
   */
  writeConfig(settings?: Record<string, unknown>): Promise<void>;
  /** Write an article file (path relative to articles/). */
  write(relativePath: string, content: string): Promise<void>;
  read(relativePathInOut: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * The site identity of every test newsroom: a site has no built-in identity (docs/configuration.md,
 * "No borrowed identity"), so each newsroom gets a presswire.config.json with these
 * values, the same as the example newsroom's own config, which the tests' expected feeds
 * name.
 */
export const TEST_SITE = {
  title: 'Northwind Rights Monitor',
  url: 'https://news.northwind-rights.example/',
  description: 'Dispatches, investigations and corrections from the Northwind Rights Monitor.',
  author: { name: 'Northwind Rights Monitor', url: 'https://news.northwind-rights.example/about/' },
  copyright: '© Northwind Rights Monitor. All rights reserved.',
} as const;

/** The text of a presswire.config.json with TEST_SITE and `settings` (site keys merged). */
export function testConfig(settings: Record<string, unknown> = {}): string {
  const site = (settings.site ?? {}) as Record<string, unknown>;
  return `${JSON.stringify({ ...settings, site: { ...TEST_SITE, ...site } }, null, 2)}\n`;
}

export async function makeNewsroom(options: { copyExample?: boolean } = {}): Promise<Newsroom> {
  const root = await mkdtemp(path.join(tmpdir(), 'presswire-test-'));
  const articles = path.join(root, 'articles');
  const out = path.join(root, 'out');
  const config = path.join(root, 'presswire.config.json');
  if (options.copyExample) await cp(path.join(REPO_ROOT, 'articles'), articles, { recursive: true });
  else await mkdir(articles, { recursive: true });
  await writeFile(config, testConfig());
  return {
    root,
    articles,
    out,
    config,
    writeConfig: (settings) => writeFile(config, testConfig(settings)),
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
