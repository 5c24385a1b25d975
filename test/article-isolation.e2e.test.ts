import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, parseWithFeedparser } from './support/validators.js';

/**
 * docs/refusals.md (its introduction): a failure inside one article is that article's
 * error. Each case once stopped the whole build (exit 70) while `presswire check` said ok.
 */

const NOW = '2026-06-01T00:00:00Z';
const rooms: Newsroom[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.remove()));
});

async function newsroom(): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeFile(
    path.join(room.root, 'presswire.config.json'),
    JSON.stringify({ site: { title: 'Isolation Desk', url: 'https://isolation.example/' } }),
  );
  await room.write('ordinary.md', article({ title: 'Ordinary', published: '2026-05-01T00:00:00Z' }));
  return room;
}

async function png(file: string, width: number, height: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: '#20603d' } })
    .png()
    .toFile(file);
}

const run = (room: Newsroom, command: string) => runCli([command], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });

describe('one article never stops the build', () => {
  it('a 480 × 17,000 infographic (too tall for WebP) is published in JPEG', async () => {
    const room = await newsroom();
    await png(path.join(room.articles, 'images/long.png'), 480, 17_000);
    await room.write(
      'long.md',
      article(
        {
          title: 'The long chart',
          published: '2026-05-02T00:00:00Z',
          image: { src: 'images/long.png', alt: 'A chart' },
        },
        'Scroll down.\n',
      ),
    );
    expect((await run(room, 'check')).code).toBe(0);
    const result = await run(room, 'build');
    expect(result.code, result.stderr).toBe(0);
    const images = (await readdir(path.join(room.out, 'images'))).sort();
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^[0-9a-f]{16}-480\.jpg$/);
    const rss = await parseWithFeedparser(path.join(room.out, 'rss.xml'));
    expect(rss.entries.map((entry) => entry.title).sort()).toEqual(['Ordinary', 'The long chart']);
  });

  it('a strip too tall even for JPEG: that article is refused by check and build (exit 1), the others published', async () => {
    const room = await newsroom();
    await png(path.join(room.articles, 'images/strip.png'), 300, 70_000);
    await room.write(
      'strip.md',
      article({
        title: 'Strip',
        published: '2026-05-02T00:00:00Z',
        image: { src: 'images/strip.png', alt: 'A strip' },
      }),
    );
    const message =
      "error: articles/strip.md:4: image.src: expected an image whose renditions fit JPEG's limit of 65,535 px a side but received 300 × 70000 (every configured width would be taller than that) (articles/images/strip.png)\n";
    for (const command of ['check', 'build']) {
      const result = await run(room, command);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('internal error');
    }
    const rss = await parseWithFeedparser(path.join(room.out, 'rss.xml'));
    expect(rss.entries.map((entry) => entry.title)).toEqual(['Ordinary']);
  });

  it('a section name longer than a file name may be gets a short folder name with a hash', async () => {
    const room = await newsroom();
    const section = `Special report ${'on the rivers of the north and the people who live along them '.repeat(6)}`;
    await room.write('river.md', article({ title: 'River', published: '2026-05-02T00:00:00Z', section }));
    const result = await run(room, 'build');
    expect(result.code, result.stderr).toBe(0);
    const [folder, ...others] = await readdir(path.join(room.out, 'sections'));
    expect(others).toEqual([]);
    expect(folder).toMatch(/^special-report-on-the-rivers-of-the-north-and-the-people-who-live-along-[0-9a-f]{8}$/);
    expect(await checkAtomRfc4287(path.join(room.out, 'sections', folder as string, 'atom.xml'))).toEqual({
      ok: true,
      errors: [],
    });
  });

  it('a feed of articles from before 1970 carries their time as its updated, not 1970-01-01', async () => {
    const room = await makeNewsroom();
    rooms.push(room);
    await writeFile(
      path.join(room.root, 'presswire.config.json'),
      JSON.stringify({ site: { title: 'Archive Desk', url: 'https://archive.example/' } }),
    );
    await room.write('titanic.md', article({ title: 'Liner lost', published: '1912-04-15T06:00:00Z' }));
    await room.write('moon.md', article({ title: 'Men on the Moon', published: '1969-07-21T02:56:00Z' }));
    const result = await run(room, 'build');
    expect(result.code, result.stderr).toBe(0);
    const atom = await room.read('atom.xml');
    expect(atom).toMatch(/<feed[^>]*>[\s\S]*?<updated>1969-07-21T02:56:00Z<\/updated>/);
    expect(await checkAtomRfc4287(path.join(room.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
  });
});
