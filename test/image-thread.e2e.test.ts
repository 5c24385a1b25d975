import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_FROM_SOURCES } from '../src/images/image-thread.js';
import { IMAGE_FIXTURES } from './fixtures/images.js';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import { pollUntil, startCli } from './support/processes.js';
import { mountTmpfs } from './support/tmpfs.js';

/**
 * A build with many photos runs sharp in a thread of its own (src/images/image-thread.ts);
 * one with a few runs it on the main thread. Through the real CLI: the same photo, with the
 * same credit, becomes the same files, byte for byte, either way, and a damaged photo among
 * many is still its article's error, in the decoder's words. A stop request while the
 * thread encodes ends the build at a safe point (exit 130), with only whole files left; a
 * disk that fills while the thread writes ends it with exit 74, naming the file, and none
 * of its files half there. The full disk is a small tmpfs: that test needs root, as CI has.
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

describe('a stop request while the image thread encodes', () => {
  it('stops at a safe point (exit 130), leaves only whole renditions, and the next build finishes from them', async () => {
    const room = await makeNewsroom();
    try {
      // Photos 1,600 wide: three widths in two formats each, a few seconds of encoding in all.
      for (let n = 0; n < PHOTOS; n++) {
        await writeJpeg(path.join(room.articles, 'images', `scene-${n}.jpg`), 1600 + 8 * n, 1000);
        await room.write(`2026/dispatch-${n}.md`, lead(n, `../images/scene-${n}.jpg`));
      }
      const images = path.join(room.out, 'images');
      const running = startCli(['build', '--articles', room.articles, '--out', room.out, '--json'], {
        cwd: room.root,
        env: { PRESSWIRE_NOW: NOW },
      });
      // A first source's files written aside (hidden until published): the others are still encoding.
      await pollUntil(async () => (await readdir(images).catch(() => [])).length > 0, 30_000, 'a first rendition');
      running.child.kill('SIGTERM');
      expect(await running.exited, running.stderr()).toEqual({ code: 130, signal: null });
      expect(running.lines.at(-1)).toMatchObject({
        event: 'fatal',
        exitCode: 130,
        message: 'stopped by SIGTERM at a safe point; out/ holds complete files from this or the previous build',
      });

      const left = await readdir(images);
      expect(left.filter((name) => name.startsWith('.'))).toEqual([]);
      // Stopped during the images, not after them.
      expect(left.length).toBeLessThan(PHOTOS * 6);
      for (const name of left) {
        const { width } = await sharp(path.join(images, name)).metadata();
        expect([480, 960, 1600]).toContain(width);
      }
      const next = await runCli(['build', '--articles', room.articles, '--out', room.out, '--json'], {
        cwd: room.root,
        env: { PRESSWIRE_NOW: NOW },
      });
      expect(next.code, next.stderr).toBe(0);
      const finish = next.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; imagesEncoded: number; imageRenditions: number })
        .find((line) => line.event === 'build-finished');
      expect(finish?.imageRenditions).toBe(PHOTOS * 6);
      // What the stopped build published is reused, not encoded again.
      expect(finish?.imagesEncoded).toBe(PHOTOS * 6 - left.length);
    } finally {
      await room.remove();
    }
  });
});

describe('a disk that fills while the image thread writes', () => {
  it('exits 74 naming the rendition, leaves no file written aside, and the next build with room publishes them all', async () => {
    const room = await makeNewsroom();
    const disk = path.join(room.root, 'disk');
    await mkdir(disk);
    const tmpfs = mountTmpfs(disk, '1m');
    try {
      // More renditions than a 1 MB disk holds: the writes fail part-way through the images.
      for (let n = 0; n < PHOTOS; n++) {
        await writeJpeg(path.join(room.articles, 'images', `scene-${n}.jpg`), 1600 + 8 * n, 1000);
        await room.write(`2026/dispatch-${n}.md`, lead(n, `../images/scene-${n}.jpg`));
      }
      const out = path.join(disk, 'out');
      const run = () =>
        runCli(['build', '--articles', room.articles, '--out', out], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
      const full = await run();
      expect(full.code, full.stderr).toBe(74);
      const images = path.join(out, 'images');
      const escaped = images.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(full.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^presswire: cannot write ${escaped}/[0-9a-f]{16}-(480|960|1600)\\.(jpg|webp): no space is left on the device \\(ENOSPC\\); ` +
              'free space on that disk \\(or raise the quota\\) and run the build again\\. The files already published are unchanged\\.$',
          ),
        ),
      ]);
      const left = await readdir(images);
      expect(left.filter((name) => name.startsWith('.'))).toEqual([]);
      expect(left.length).toBeLessThan(PHOTOS * 6);

      tmpfs.resize('64m');
      const roomy = await run();
      expect(roomy.code, roomy.stderr).toBe(0);
      const published = await readdir(images);
      expect(published).toHaveLength(PHOTOS * 6);
      for (const name of published) {
        const { width } = await sharp(path.join(images, name)).metadata();
        expect([480, 960, 1600]).toContain(width);
      }
    } finally {
      tmpfs.unmount();
      await room.remove();
    }
  });
});
