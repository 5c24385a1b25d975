import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadConfig } from '../src/config/load.js';
import { article } from './support/newsroom.js';

/**
 * docs/refusals.md (its introduction): any failure inside one article is that
 * article's error. Random articles with extreme but legal values (image dimensions up to
 * and past what WebP and JPEG hold, section/tag/author names of hundreds of characters,
 * dates before 1970, tiny and huge feed windows) go through the whole build in-process,
 * real images through sharp, among ordinary articles: every ordinary article is published,
 * and an extreme one is either published or refused with an error naming its file, never
 * a crash of the build.
 */

const RUNS = 6;
const NOW = Date.UTC(2026, 5, 1);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'presswire-extreme-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Extreme {
  /** Image size, or none. Up to 20,000 px on a side, and one past JPEG's limit. */
  image?: { width: number; height: number };
  section: string;
  tag: string;
  author: string;
  /** Publication time, back to 1900. */
  published: number;
}

const longName = fc
  .tuple(fc.constantFrom('Inquiry', 'Naïve café', 'Ünïcode', 'x', 'Hearing'), fc.integer({ min: 1, max: 120 }))
  .map(([word, times]) => Array.from({ length: times }, (_, i) => `${word} ${i}`).join(' '));

const imageSize = fc.oneof(
  fc.record({ width: fc.integer({ min: 1, max: 600 }), height: fc.integer({ min: 16_000, max: 20_000 }) }),
  fc.record({ width: fc.integer({ min: 1, max: 3_000 }), height: fc.integer({ min: 1, max: 2_000 }) }),
  fc.constant({ width: 300, height: 70_000 }),
);

const extreme: fc.Arbitrary<Extreme> = fc.record(
  {
    image: imageSize,
    section: longName,
    tag: longName,
    author: longName,
    published: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2026, 0, 1) }),
  },
  { requiredKeys: ['section', 'tag', 'author', 'published'] },
);

const windowSize = fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 10 }), fc.constant(1_000_000));

async function writeImage(file: string, size: { width: number; height: number }): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // PNG: it holds any size (JPEG sources stop at 65,535 px); one colour compresses to little.
  await sharp({ create: { width: size.width, height: size.height, channels: 3, background: '#3a6ea5' } })
    .png()
    .toFile(file);
}

describe('one extreme article never stops the build (property test)', () => {
  it('publishes every ordinary article whatever the extreme ones hold', { timeout: 600_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(extreme, { minLength: 1, maxLength: 3 }), windowSize, async (extremes, limit) => {
        run += 1;
        const site = path.join(root, `run-${run}`);
        const articles = path.join(site, 'articles');
        await mkdir(articles, { recursive: true });
        for (let i = 0; i < 3; i++) {
          await writeFile(
            path.join(articles, `ordinary-${i}.md`),
            article({ title: `Ordinary ${i}`, published: `2025-0${i + 1}-01T00:00:00Z`, section: 'Desk' }),
          );
        }
        for (const [i, item] of extremes.entries()) {
          if (item.image) await writeImage(path.join(articles, `images/extreme-${i}.png`), item.image);
          await writeFile(
            path.join(articles, `extreme-${i}.md`),
            article({
              title: `Extreme ${i}`,
              published: new Date(item.published).toISOString(),
              section: item.section,
              tags: [item.tag],
              authors: [item.author],
              ...(item.image ? { image: { src: `images/extreme-${i}.png`, alt: `Picture ${i}` } } : {}),
            }),
          );
        }
        await writeFile(
          path.join(site, 'presswire.config.json'),
          JSON.stringify({
            site: { title: 'Extreme Desk', url: 'https://extreme.example/' },
            feeds: { limit, facets: { sections: true, tags: true, authors: true } },
          }),
        );
        const config = await loadConfig({}, {}, site);
        const summary = await build({ config, now: NOW, cwd: site });

        // Every error belongs to an extreme article, and names it.
        const errors = summary.diagnostics.filter((d) => d.severity === 'error');
        for (const error of errors) expect(error.file).toMatch(/^articles\/extreme-\d\.md$/);
        // Only a strip too tall even for JPEG is refused.
        const refused = new Set(errors.map((e) => e.file));
        extremes.forEach((item, i) => {
          const tooTall = item.image !== undefined && item.image.height > 65_535;
          expect(refused.has(`articles/extreme-${i}.md`), `extreme-${i}: ${JSON.stringify(errors)}`).toBe(tooTall);
        });
        const json = JSON.parse(await readFile(path.join(config.outDir, 'feed.json'), 'utf8')) as {
          items: { title: string }[];
        };
        const titles = json.items.map((item) => item.title);
        const published = [
          ...['Ordinary 0', 'Ordinary 1', 'Ordinary 2'],
          ...extremes.flatMap((item, i) =>
            item.image !== undefined && item.image.height > 65_535 ? [] : [`Extreme ${i}`],
          ),
        ];
        // The window holds the newest `limit` of them; with a large window, all.
        expect(titles.length).toBe(Math.min(limit, published.length));
        if (limit >= published.length) expect([...titles].sort()).toEqual([...published].sort());
        else expect(published).toEqual(expect.arrayContaining(titles));
        // Facet folder names stay within a file name's limit.
        for (const kind of ['sections', 'tags', 'authors']) {
          for (const name of await readdir(path.join(config.outDir, kind)).catch(() => []))
            expect(name.length).toBeLessThanOrEqual(80);
        }
        await rm(site, { recursive: true, force: true });
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
