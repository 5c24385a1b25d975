import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_FROM_SOURCES } from '../src/images/image-thread.js';
import { IMAGE_FIXTURES } from './fixtures/images.js';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/**
 * A build with many photos runs sharp in a thread of its own (src/images/image-thread.ts);
 * one with a few runs it on the main thread. Through the real CLI: the same photo, with the
 * same credit, becomes the same files, byte for byte, either way, and a damaged photo among
 * many is still its article's error, in the decoder's words.
 */

const NOW = '2026-11-28T00:00:00Z';
const PHOTOS = THREAD_FROM_SOURCES + 1;

const lead = (n: number, src: string) =>
  article({
    title: `Dispatch ${n}`,
    published: `2026-10-${String(1 + (n % 28)).padStart(2, '0')}T08:00:00Z`,
    image: { src, alt: `Scene ${n}`, credit: 'Wire Pictures', caption: `Scene ${n}, Tuesday` },
  });

async function build(room: Newsroom): Promise<CliResult> {
  return runCli(['build', '--articles', room.articles, '--out', room.out], {
    cwd: room.root,
    env: { PRESSWIRE_NOW: NOW },
  });
}

let many: Newsroom;
let few: Newsroom;
let manyResult: CliResult;
let fewResult: CliResult;

beforeAll(async () => {
  [many, few] = await Promise.all([makeNewsroom(), makeNewsroom()]);
  for (let n = 0; n < PHOTOS; n++) {
    await writeJpeg(path.join(many.articles, 'images', `scene-${n}.jpg`), 640 + 8 * n, 400);
    await many.write(`2026/dispatch-${n}.md`, lead(n, `../images/scene-${n}.jpg`));
  }
  await writeFile(path.join(many.articles, 'images/truncated.jpg'), await IMAGE_FIXTURES.truncated.make());
  await many.write('2026/damaged.md', lead(99, '../images/truncated.jpg'));
  // The other newsroom: one of those articles and its photo alone.
  await writeJpeg(path.join(few.articles, 'images', 'scene-3.jpg'), 640 + 8 * 3, 400);
  await few.write('2026/dispatch-3.md', lead(3, '../images/scene-3.jpg'));
  [manyResult, fewResult] = await Promise.all([build(many), build(few)]);
});
afterAll(async () => {
  await Promise.all([many.remove(), few.remove()]);
});

describe('sharp in a thread of its own, for a build with many photos', () => {
  it('publishes every good photo and reports the damaged one as its article’s error', async () => {
    expect(fewResult.code, fewResult.stderr).toBe(0);
    expect(manyResult.code).toBe(1);
    expect(manyResult.stderr).toMatch(
      /^error: articles\/2026\/damaged\.md:4: image\.src: expected a complete, decodable image but the decoder said: .+ \(articles\/images\/truncated\.jpg\)$/m,
    );
    expect(manyResult.stderr.match(/^error:/gm)).toHaveLength(1);
    // Default widths 480/960/1600 on photos 640–768 wide: 480 alone, in WebP and JPEG.
    const files = await readdir(path.join(many.out, 'images'));
    expect(files.filter((name) => !name.startsWith('.'))).toHaveLength(PHOTOS * 2);
  });

  it('makes the same files, byte for byte, as a build that runs sharp on the main thread', async () => {
    const fromFew = (await readdir(path.join(few.out, 'images'))).sort();
    expect(fromFew).toHaveLength(2);
    const fromMany = new Set(await readdir(path.join(many.out, 'images')));
    for (const name of fromFew) {
      expect(fromMany.has(name), name).toBe(true);
      const [threaded, inline] = await Promise.all([
        readFile(path.join(many.out, 'images', name)),
        readFile(path.join(few.out, 'images', name)),
      ]);
      expect(threaded.equals(inline), name).toBe(true);
    }
    const jpeg = fromFew.find((name) => name.endsWith('-480.jpg')) as string;
    const metadata = await sharp(path.join(many.out, 'images', jpeg)).metadata();
    expect([metadata.width, metadata.height]).toEqual([480, 289]);
    expect(metadata.xmp?.toString('utf8')).toContain('Wire Pictures');
  });
});
