import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../src/config/schema.js';
import { produceImages, type ImageStageOptions, type ImageStageResult } from '../src/images/index.js';
import { IMAGE_FIXTURES, SECRETS, type FixtureName } from './fixtures/images.js';

/**
 * The images stage on real files made by the fixture registry: what lands in out/images
 * (sizes, formats, no metadata), what is refused and why, and the cache (what a rebuild
 * reads and encodes). In-process, so that `now` can be moved for the grace period.
 */

const SITE = 'https://news.example/';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);
const fixtureBytes = new Map<FixtureName, Buffer>();

beforeAll(async () => {
  for (const [name, fixture] of Object.entries(IMAGE_FIXTURES))
    fixtureBytes.set(name as FixtureName, await fixture.make());
});

interface Room {
  root: string;
  articles: string;
  out: string;
  state: string;
  /** Source path (relative to articles/) of a fixture. */
  source(name: FixtureName): string;
  /**
   * The stage as a build runs it, then records it as the build does when it starts
   * publishing; `unrecorded`: a build stopped before that.
   */
  run(
    sources: readonly string[],
    options?: Omit<Partial<ImageStageOptions>, 'images'> & { images?: Partial<Config['images']>; unrecorded?: boolean },
  ): Promise<ImageStageResult>;
}

const rooms: Room[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await rm(room.root, { recursive: true, force: true });
});

async function room(names: readonly FixtureName[]): Promise<Room> {
  const root = await mkdtemp(path.join(tmpdir(), 'presswire-images-'));
  const articles = path.join(root, 'articles');
  await mkdir(path.join(articles, 'images'), { recursive: true });
  for (const name of names)
    await writeFile(
      path.join(articles, 'images', IMAGE_FIXTURES[name].file),
      fixtureBytes.get(name) ?? Buffer.alloc(0),
    );
  const out = path.join(root, 'out');
  const state = path.join(root, 'out.presswire');
  const defaults = configSchema.shape.images.parse(undefined);
  const created: Room = {
    root,
    articles,
    out,
    state,
    source: (name) => `images/${IMAGE_FIXTURES[name].file}`,
    run: async (sources, { unrecorded, ...options } = {}) => {
      const result = await produceImages(
        sources.map((source) => ({ source })),
        {
          articlesDir: articles,
          outDir: out,
          stateDir: state,
          siteUrl: SITE,
          now: NOW,
          dryRun: false,
          ...options,
          images: { ...defaults, ...options.images },
        },
      );
      if (!unrecorded) await result.record();
      return result;
    },
  };
  rooms.push(created);
  return created;
}

function fileOf(out: string, url: string): string {
  return path.join(out, new URL(url).pathname);
}

async function renditionsOf(r: Room, result: ImageStageResult, name: FixtureName) {
  const image = result.table.get(r.source(name));
  if (!image) throw new Error(`no renditions for ${name}: ${result.failures.get(r.source(name))}`);
  return Promise.all(
    image.renditions.map(async (rendition) => {
      const file = fileOf(r.out, rendition.url);
      const bytes = await readFile(file);
      return { rendition, file, bytes, metadata: await sharp(bytes).metadata() };
    }),
  );
}

describe('renditions', () => {
  it('makes every default width in WebP and JPEG, with the planned sizes, formats and byte lengths', async () => {
    const r = await room(['landscape']);
    const result = await r.run([r.source('landscape')]);
    expect(result.failures).toEqual(new Map());
    const made = await renditionsOf(r, result, 'landscape');
    expect(made.map(({ rendition: x }) => `${x.format} ${x.width}×${x.height}`)).toEqual([
      'webp 480×320',
      'jpeg 480×320',
      'webp 960×640',
      'jpeg 960×640',
      'webp 1600×1066',
      'jpeg 1600×1066',
    ]);
    for (const { rendition, bytes, metadata } of made) {
      expect(metadata.format).toBe(rendition.format);
      expect([metadata.width, metadata.height]).toEqual([rendition.width, rendition.height]);
      expect(rendition.bytes).toBe(bytes.length);
      expect(rendition.url.startsWith(`${SITE}images/`)).toBe(true);
      if (rendition.format === 'jpeg') expect(metadata.isProgressive).toBe(true);
    }
    const image = result.table.get(r.source('landscape'));
    expect([image?.width, image?.height]).toEqual([2000, 1333]);
    expect(result.stats).toMatchObject({ sources: 1, renditions: 6, encoded: 6 });
    expect(result.written).toHaveLength(6);
  });

  it('each rendition is the bytes one sharp pipeline makes from the decoded base, whether or not its size was resized once for both formats', async () => {
    // landscape is opaque (one resize per size, shared by WebP and JPEG); transparent has alpha (a resize per rendition).
    const r = await room(['landscape', 'transparent']);
    const result = await r.run([r.source('landscape'), r.source('transparent')]);
    const { quality, background } = configSchema.shape.images.parse(undefined);
    for (const name of ['landscape', 'transparent'] as const) {
      const made = await renditionsOf(r, result, name);
      const widest = made.reduce((a, b) => (b.rendition.width > a.rendition.width ? b : a)).rendition;
      const base = await sharp(fixtureBytes.get(name), { failOn: 'error', autoOrient: true, pages: 1 })
        .resize({ width: widest.width, height: widest.height, fit: 'fill' })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } };
      expect(made).toHaveLength(name === 'landscape' ? 6 : 4);
      for (const { rendition, bytes } of made) {
        const sized = sharp(base.data, raw).resize({ width: rendition.width, height: rendition.height, fit: 'fill' });
        const expected = await (
          rendition.format === 'jpeg'
            ? sized
                .flatten({ background })
                .jpeg({ quality: quality.jpeg, progressive: true, chromaSubsampling: '4:2:0' })
            : sized.webp({ quality: quality.webp, effort: 4 })
        ).toBuffer();
        expect(bytes.equals(expected), `${name} ${rendition.format} ${rendition.width}`).toBe(true);
      }
    }
  });

  it('never upscales: a 300-px source gets one rendition per format at its own width', async () => {
    const r = await room(['narrow']);
    const made = await renditionsOf(r, await r.run([r.source('narrow')]), 'narrow');
    expect(made.map(({ metadata }) => `${metadata.format} ${metadata.width}×${metadata.height}`)).toEqual([
      'webp 300×200',
      'jpeg 300×200',
    ]);
  });

  it('turns an EXIF orientation 6 photo upright and drops the tag', async () => {
    const r = await room(['orientation6']);
    const result = await r.run([r.source('orientation6')]);
    expect(result.table.get(r.source('orientation6'))).toMatchObject({ width: 800, height: 1200 });
    const made = await renditionsOf(r, result, 'orientation6');
    // Shown 800 px wide: only the 480 width applies.
    expect(made.map(({ metadata }) => `${metadata.width}×${metadata.height}`)).toEqual(['480×720', '480×720']);
    for (const { bytes, metadata } of made) {
      expect(metadata.orientation).toBeUndefined();
      // The stored left half (red) is on top once turned 90° clockwise.
      const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const at = (x: number, y: number) => Array.from(data.subarray((y * 480 + x) * 3, (y * 480 + x) * 3 + 3));
      const [top, bottom] = [at(240, 100), at(240, 620)];
      expect(top[0]).toBeGreaterThan(150);
      expect(top[2]).toBeLessThan(80);
      expect(bottom[2]).toBeGreaterThan(150);
      expect(bottom[0]).toBeLessThan(80);
    }
  });

  it('converts CMYK and 16-bit sources to 8-bit sRGB', async () => {
    const r = await room(['cmyk', 'png16']);
    const result = await r.run([r.source('cmyk'), r.source('png16')]);
    expect(result.failures).toEqual(new Map());
    for (const name of ['cmyk', 'png16'] as const) {
      for (const { metadata } of await renditionsOf(r, result, name)) {
        expect(metadata.space).toBe('srgb');
        expect(metadata.channels).toBe(3);
        expect(metadata.depth).toBe('uchar');
      }
    }
  });

  it('flattens a transparent source onto images.background for JPEG and keeps alpha in WebP', async () => {
    const r = await room(['transparent']);
    const result = await r.run([r.source('transparent')], { images: { background: '#ff0000' } });
    for (const { rendition, bytes, metadata } of await renditionsOf(r, result, 'transparent')) {
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const at = (x: number) =>
        Array.from(data.subarray((10 * info.width + x) * info.channels, (10 * info.width + x + 1) * info.channels));
      if (rendition.format === 'jpeg') {
        expect(metadata.hasAlpha).toBe(false);
        const [red, green, blue] = at(10); // transparent half: the background
        expect(red).toBeGreaterThan(230);
        expect((green ?? 0) + (blue ?? 0)).toBeLessThan(40);
        expect(at(info.width - 10)[1]).toBeGreaterThan(170); // opaque half: green
      } else {
        expect(metadata.hasAlpha).toBe(true);
        expect(at(10)[3]).toBe(0);
      }
    }
  });

  it('strips every piece of metadata (GPS, camera serial, maker, XMP, ICC) from every rendition of every source', async () => {
    const names: FixtureName[] = ['gps', 'landscape', 'orientation6', 'cmyk', 'png16', 'transparent', 'narrow'];
    const r = await room(names);
    const source = await sharp(fixtureBytes.get('gps')).metadata();
    // The fixture really carries what must not leak.
    expect(source.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // GPSInfo IFD pointer (little-endian tag 0x8825)
    expect([source.xmp, source.icc].every(Boolean)).toBe(true);
    const result = await r.run(names.map((n) => r.source(n)));
    for (const name of names) {
      for (const { bytes, metadata } of await renditionsOf(r, result, name)) {
        expect(metadata.exif).toBeUndefined();
        expect(metadata.xmp).toBeUndefined();
        expect(metadata.iptc).toBeUndefined();
        expect(metadata.icc).toBeUndefined();
        expect(metadata.hasProfile).toBe(false);
        const text = bytes.toString('latin1');
        for (const secret of Object.values(SECRETS)) expect(text.includes(secret)).toBe(false);
        expect(text.includes('GPS')).toBe(false);
      }
    }
  });

  it('converts a Display P3 photo to sRGB rather than dropping its profile', async () => {
    const r = await room(['gps']);
    const result = await r.run([r.source('gps')]);
    const jpeg = (await renditionsOf(r, result, 'gps')).find(
      ({ rendition }) => rendition.format === 'jpeg' && rendition.width === 960,
    );
    // The same pixels read without colour management (profile ignored) differ from ours.
    const ours = await sharp(jpeg?.bytes).resize(8, 8).raw().toBuffer();
    const unmanaged = await sharp(fixtureBytes.get('gps'), { ignoreIcc: true }).resize(8, 8).raw().toBuffer();
    const managed = await sharp(fixtureBytes.get('gps')).resize(8, 8).toColourspace('srgb').raw().toBuffer();
    const distance = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
    expect(distance(ours, managed)).toBeLessThan(distance(ours, unmanaged));
  });

  it('publishes the first frame of an animated GIF as a still, with a warning', async () => {
    const r = await room(['animated']);
    const result = await r.run([r.source('animated')]);
    expect(result.warnings.get(r.source('animated'))).toMatch(/^animated image: only its first frame is published/);
    for (const { metadata } of await renditionsOf(r, result, 'animated')) {
      expect(metadata.pages ?? 1).toBe(1);
      expect([metadata.width, metadata.height]).toEqual([480, 320]);
    }
  });
});

describe('refused sources', () => {
  it.each([
    { name: 'truncated', message: /^expected a complete, decodable image but the decoder said: .+/ },
    {
      name: 'text',
      message: /^expected an image \(JPEG, PNG, WebP, GIF, AVIF or TIFF\) but received a file that is not one/,
    },
    {
      name: 'bomb',
      message:
        /^expected an image of at most 50,000,000 pixels but received 100000 × 100000 \(10,000,000,000 pixels\); refused as a possible decompression bomb/,
    },
    { name: 'svg', message: /^expected an image in JPEG, PNG, WebP, GIF, AVIF or TIFF format but received SVG$/ },
  ] as const)('$name: $message', async ({ name, message }) => {
    const r = await room([name, 'landscape']);
    const result = await r.run([r.source(name), r.source('landscape')]);
    expect(result.failures.get(r.source(name))).toMatch(message);
    // The other source is still made.
    expect(result.table.get(r.source('landscape'))?.renditions).toHaveLength(6);
    expect(result.table.has(r.source(name))).toBe(false);
  });

  it('refuses a missing file, a folder, a file over maxInputBytes and a symbolic link out of articles/', async () => {
    const r = await room(['landscape']);
    const outside = path.join(r.root, 'outside.jpg');
    await writeFile(outside, fixtureBytes.get('landscape') ?? Buffer.alloc(0));
    await symlink(outside, path.join(r.articles, 'images/escape.jpg'));
    await symlink(
      path.join(r.articles, 'images', IMAGE_FIXTURES.landscape.file),
      path.join(r.articles, 'images/inside.jpg'),
    );
    await mkdir(path.join(r.articles, 'images/folder.jpg'));
    const result = await r.run(['images/nope.jpg', 'images/folder.jpg', 'images/escape.jpg', 'images/inside.jpg'], {
      images: { maxInputBytes: 10 * 1024 * 1024 },
    });
    expect(Object.fromEntries(result.failures)).toEqual({
      'images/nope.jpg': 'expected an image file but there is no file at this path',
      'images/folder.jpg': 'expected an image file but this is not a regular file',
      'images/escape.jpg':
        'expected an image inside the articles folder but the path leads outside it (through a symbolic link)',
    });
    // A link that stays inside articles/ is fine.
    expect(result.table.get('images/inside.jpg')?.renditions).toHaveLength(6);

    const small = await r.run([r.source('landscape')], { images: { maxInputBytes: 1000 } });
    expect(small.failures.get(r.source('landscape'))).toMatch(
      /^expected an image file of at most 0\.0 MiB but received 0\.\d MiB \(images\.maxInputBytes\)$/,
    );
  });

  it('refuses a source over a lowered maxInputPixels', async () => {
    const r = await room(['landscape']);
    const result = await r.run([r.source('landscape')], { images: { maxInputPixels: 1_000_000 } });
    expect(result.failures.get(r.source('landscape'))).toMatch(
      /^expected an image of at most 1,000,000 pixels but received 2000 × 1333/,
    );
  });
});

describe('the cache', () => {
  const ALL: FixtureName[] = ['landscape', 'narrow', 'transparent'];

  it('a rebuild with nothing changed encodes nothing, reads no source byte and writes nothing', async () => {
    const r = await room(ALL);
    const sources = ALL.map((n) => r.source(n));
    const first = await r.run(sources);
    // 2000 px: 3 widths; 1000 px: 2; 300 px: 1; × WebP and JPEG
    expect(first.stats).toMatchObject({ encoded: 12, renditions: 12 });
    expect(first.stats.sourceBytesRead).toBe(ALL.reduce((sum, n) => sum + (fixtureBytes.get(n)?.length ?? 0), 0));
    const manifest = await stat(path.join(r.state, 'images.json'));

    const second = await r.run(sources);
    expect(second.stats).toMatchObject({ encoded: 0, sourceBytesRead: 0, renditions: 12, removed: 0 });
    expect(second.written).toEqual([]);
    expect(second.unchanged).toHaveLength(12);
    expect(second.table).toEqual(first.table);
    // The manifest is not rewritten either.
    expect((await stat(path.join(r.state, 'images.json'))).mtimeMs).toBe(manifest.mtimeMs);
  });

  it('does not even open a source whose size and mtime are unchanged', async () => {
    const r = await room(['landscape']);
    const file = path.join(r.articles, r.source('landscape'));
    // A whole-second mtime, so that it can be put back exactly.
    const mtime = new Date(NOW - DAY);
    await utimes(file, mtime, mtime);
    const first = await r.run([r.source('landscape')]);
    // Same size, same mtime, different bytes: only a build that reads the file could notice.
    await writeFile(file, Buffer.alloc((await stat(file)).size, 0x20));
    await utimes(file, mtime, mtime);
    const second = await r.run([r.source('landscape')]);
    expect(second.stats).toMatchObject({ encoded: 0, sourceBytesRead: 0 });
    expect(second.table).toEqual(first.table);
  });

  it('a touched but unchanged source is read and hashed again, and nothing is encoded', async () => {
    const r = await room(ALL);
    const sources = ALL.map((n) => r.source(n));
    await r.run(sources);
    const file = path.join(r.articles, r.source('narrow'));
    await utimes(file, new Date(NOW), new Date(NOW));
    const second = await r.run(sources);
    expect(second.stats).toMatchObject({ encoded: 0, sourceBytesRead: fixtureBytes.get('narrow')?.length });
  });

  it('a changed photo re-encodes only its own renditions, under new names', async () => {
    const r = await room(ALL);
    const sources = ALL.map((n) => r.source(n));
    const first = await r.run(sources);
    const replacement = await sharp(fixtureBytes.get('landscape')).negate().jpeg().toBuffer();
    await writeFile(path.join(r.articles, r.source('landscape')), replacement);
    const second = await r.run(sources);
    expect(second.stats).toMatchObject({ encoded: 6, sourceBytesRead: replacement.length });
    expect(second.written).toHaveLength(6);
    const urls = (result: ImageStageResult, name: FixtureName) =>
      result.table.get(r.source(name))?.renditions.map((x) => x.url);
    expect(urls(second, 'narrow')).toEqual(urls(first, 'narrow'));
    expect(urls(second, 'landscape')?.filter((u) => urls(first, 'landscape')?.includes(u))).toEqual([]);
  });

  it('a settings change re-encodes what it touches and nothing else', async () => {
    const r = await room(['landscape']);
    const sources = [r.source('landscape')];
    await r.run(sources);
    const withAvif = await r.run(sources, { images: { formats: ['avif', 'webp', 'jpeg'] } });
    expect(withAvif.stats).toMatchObject({ encoded: 3, renditions: 9 });
    const avif = withAvif.table.get(sources[0] ?? '')?.renditions.filter((x) => x.format === 'avif') ?? [];
    for (const x of avif) expect((await sharp(fileOf(r.out, x.url)).metadata()).compression).toBe('av1');
    const webpQuality = await r.run(sources, { images: { quality: { jpeg: 80, webp: 50, avif: 55 } } });
    expect(webpQuality.stats.encoded).toBe(3);
    const moreWidths = await r.run(sources, {
      images: { widths: [320, 480, 960, 1600], quality: { jpeg: 80, webp: 50, avif: 55 } },
    });
    expect(moreWidths.stats.encoded).toBe(2);
  });

  it('trusts renditions already in out/images when the manifest is lost, and remakes a deleted one', async () => {
    const r = await room(['landscape']);
    const sources = [r.source('landscape')];
    const first = await r.run(sources);
    await rm(path.join(r.state, 'images.json'));
    const lost = await r.run(sources);
    expect(lost.stats).toMatchObject({ encoded: 0, sourceBytesRead: fixtureBytes.get('landscape')?.length });
    expect(lost.table).toEqual(first.table);

    const victim = first.table.get(sources[0] ?? '')?.renditions[5];
    await rm(fileOf(r.out, victim?.url ?? ''));
    const repaired = await r.run(sources);
    expect(repaired.stats).toMatchObject({ encoded: 1, sourceBytesRead: fixtureBytes.get('landscape')?.length });
    expect((await stat(fileOf(r.out, victim?.url ?? ''))).size).toBe(victim?.bytes);
    expect(repaired.table).toEqual(first.table);
  });

  it('keeps unreferenced renditions for graceDays, then removes them', async () => {
    const r = await room(['landscape', 'narrow']);
    const both = [r.source('landscape'), r.source('narrow')];
    const first = await r.run(both);
    const narrowFiles = first.table.get(r.source('narrow'))?.renditions.map((x) => fileOf(r.out, x.url)) ?? [];
    const exists = async () =>
      (
        await Promise.all(
          narrowFiles.map((f) =>
            stat(f).then(
              () => true,
              () => false,
            ),
          ),
        )
      ).every(Boolean);

    // The narrow photo is no longer used: kept through the grace period…
    expect((await r.run([r.source('landscape')], { now: NOW + DAY })).stats.removed).toBe(0);
    expect((await r.run([r.source('landscape')], { now: NOW + 8 * DAY })).stats.removed).toBe(0);
    expect(await exists()).toBe(true);
    // …used again (the clock resets), then dropped for good.
    await r.run(both, { now: NOW + 9 * DAY });
    await r.run([r.source('landscape')], { now: NOW + 10 * DAY });
    expect((await r.run([r.source('landscape')], { now: NOW + 16 * DAY })).stats.removed).toBe(0);
    expect((await r.run([r.source('landscape')], { now: NOW + 17 * DAY + 1 })).stats.removed).toBe(2);
    expect(
      await Promise.all(
        narrowFiles.map((f) =>
          stat(f).then(
            () => true,
            () => false,
          ),
        ),
      ),
    ).toEqual([false, false]);
    expect(await readdir(path.join(r.out, 'images'))).toHaveLength(6);
  });

  it('ignores hidden files (temporaries of a killed build) and never deletes a file it did not make', async () => {
    const r = await room(['narrow']);
    await mkdir(path.join(r.out, 'images'), { recursive: true });
    await writeFile(path.join(r.out, 'images/.abc.jpg.123-1.presswire-tmp'), 'half a file');
    await writeFile(path.join(r.out, 'images/0123456789abcdef.jpg'), 'from an older naming');
    const result = await r.run([r.source('narrow')]);
    expect(result.unchanged).toEqual([]);
    expect(result.foreign).toEqual(['images/0123456789abcdef.jpg']);
    const manifest = JSON.parse(await readFile(path.join(r.state, 'images.json'), 'utf8')) as {
      renditions: Record<string, object>;
      foreign: string[];
    };
    expect(manifest.renditions['0123456789abcdef.jpg']).toBeUndefined();
    expect(manifest.foreign).toEqual(['0123456789abcdef.jpg']);
    expect(Object.keys(manifest.renditions).some((name) => name.startsWith('.'))).toBe(false);
    // Reported once, and still there long after any grace period.
    const later = await r.run([r.source('narrow')], { now: NOW + 30 * DAY });
    expect(later.foreign).toEqual([]);
    expect(later.stats.removed).toBe(0);
    expect(await readFile(path.join(r.out, 'images/0123456789abcdef.jpg'), 'utf8')).toBe('from an older naming');
  });

  it('removes at once the renditions a stopped build made and never recorded (the journal)', async () => {
    const r = await room(['narrow', 'landscape']);
    await r.run([r.source('narrow'), r.source('landscape')]);
    const made = (await readdir(path.join(r.out, 'images'))).sort();
    // As a build stopped after its renditions but before its manifest would leave things:
    await rm(path.join(r.state, 'images.json'));
    await writeFile(path.join(r.state, 'images.journal'), `${made.join('\n')}\n`);
    const next = await r.run([r.source('narrow')]);
    expect(next.stats.removed).toBe(6);
    expect(next.foreign).toEqual([]);
    expect((await readdir(path.join(r.out, 'images'))).sort()).toEqual(
      next.table
        .get(r.source('narrow'))
        ?.renditions.map((x) => path.basename(x.url))
        .sort(),
    );
    expect(await readdir(r.state)).not.toContain('images.journal');
  });

  it('keeps a build’s renditions journaled until it starts publishing: stopped before, the next build removes the unused at once', async () => {
    const r = await room(['narrow', 'landscape']);
    await r.run([r.source('narrow')]);
    const kept = (await readdir(path.join(r.out, 'images'))).sort();
    // A build that made landscape's renditions, then stopped (suspended and taken over) before its feeds.
    const stopped = await r.run([r.source('narrow'), r.source('landscape')], { unrecorded: true });
    expect(stopped.written).toHaveLength(6);
    const journal = (await readFile(path.join(r.state, 'images.journal'), 'utf8')).trim().split('\n').sort();
    expect(journal).toEqual(stopped.written.map((file) => path.basename(file)).sort());
    // The next build does not use them: no feed ever pointed at them, so no grace period.
    const next = await r.run([r.source('narrow')]);
    expect(next.stats.removed).toBe(6);
    expect((await readdir(path.join(r.out, 'images'))).sort()).toEqual(kept);
    expect(await readdir(r.state)).not.toContain('images.journal');
  });
});

describe('a stop request', () => {
  it('starts no further source, and the next build reuses what was written', async () => {
    const r = await room(['landscape', 'narrow', 'transparent']);
    const sources = [r.source('landscape'), r.source('narrow'), r.source('transparent')];
    const controller = new AbortController();
    const stopped = r.run(sources, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 1) controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow();
    const made = await readdir(path.join(r.out, 'images'));
    expect(made).toHaveLength(6); // the first source only
    const next = await r.run(sources);
    expect(next.stats).toMatchObject({ encoded: 6, renditions: 12 });
  });
});

describe('check (dry run)', () => {
  it('writes nothing and still finds undecodable sources', async () => {
    const r = await room(['landscape', 'truncated']);
    const result = await r.run([r.source('landscape'), r.source('truncated')], { dryRun: true });
    expect(result.failures.get(r.source('truncated'))).toMatch(/^expected a complete, decodable image/);
    expect(result.table.get(r.source('landscape'))?.renditions).toHaveLength(6);
    expect(result.stats.encoded).toBe(0);
    expect(await readdir(r.root)).toEqual(['articles']);
  });
});
