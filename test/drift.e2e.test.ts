import { cp, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { publishedBytes } from './support/corpus.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/**
 * docs/operations.md, "How a build stays safe, and why", drift: a published file that is no longer
 * what presswire last wrote (an rsync of an older copy, a restored backup, a truncation, a
 * deletion) is written again by the next build, with one line naming it, and comes out
 * byte-identical to a clean build. A file whose bytes are intact is never rewritten.
 */

const CONFIG = { site: { title: 'Drift Desk', url: 'https://drift.example/' } };
const T1 = '2026-11-01T10:00:00Z';
const T2 = '2026-11-02T10:00:00Z';
const T3 = '2026-11-03T10:00:00Z';

const rooms: Newsroom[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.remove();
});

async function newsroom(): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeFile(path.join(room.root, 'presswire.config.json'), JSON.stringify(CONFIG));
  await writeJpeg(path.join(room.articles, 'images/harbour.jpg'), 1000, 600);
  await room.write(
    'harbour.md',
    article({
      title: 'Harbour Workers Strike',
      published: '2026-10-20T08:00:00Z',
      section: 'Labour',
      image: { src: 'images/harbour.jpg', alt: 'Cranes over the harbour at dawn', credit: 'Harbour Desk' },
    }),
  );
  await room.write('court.md', article({ title: 'Court Hears Appeal', published: '2026-10-22T08:00:00Z' }));
  return room;
}

const build = (room: Newsroom, now: string): Promise<CliResult> =>
  runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: now } });

describe('drift in out/', () => {
  it('is repaired: replaced, truncated and deleted feeds and renditions are written again and reported', async () => {
    const room = await newsroom();
    expect((await build(room, T1)).code).toBe(0);
    const olderRss = await readFile(path.join(room.out, 'rss.xml'));
    const olderStat = await stat(path.join(room.out, 'rss.xml'));

    // A correction: every main feed changes.
    await room.write(
      'court.md',
      article({
        title: 'Court Hears Appeal',
        published: '2026-10-22T08:00:00Z',
        corrections: [{ date: '2026-11-02T09:00:00Z', text: 'The appeal was heard on Tuesday, not Monday.' }],
      }),
    );
    expect((await build(room, T2)).code).toBe(0);
    const published = await publishedBytes(room.out);
    const renditions = [...published.keys()].filter((name) => name.startsWith('images/')).sort();
    expect(renditions.length).toBeGreaterThanOrEqual(2);
    const [truncatedImage, deletedImage] = renditions as [string, string];

    // Behind presswire's back: an older copy restored with its old mtime (rsync -t), a
    // truncation, deletions, a rendition cut short.
    await writeFile(path.join(room.out, 'rss.xml'), olderRss);
    await utimes(path.join(room.out, 'rss.xml'), olderStat.atime, olderStat.mtime);
    await truncate(path.join(room.out, 'atom.xml'), 100);
    await rm(path.join(room.out, 'feed.json'));
    await rm(path.join(room.out, 'sections/labour/atom.xml'));
    await truncate(path.join(room.out, truncatedImage), 10);
    await rm(path.join(room.out, deletedImage));

    const repaired = await build(room, T3);
    expect(repaired.stderr).toBe('');
    expect(repaired.code).toBe(0);
    const lines = repaired.stdout.split('\n').filter((line) => line.includes('written again'));
    expect(lines.sort()).toEqual(
      [
        'presswire: out/rss.xml was not what the last build wrote; written again',
        'presswire: out/atom.xml was not what the last build wrote; written again',
        'presswire: out/feed.json was missing; written again',
        'presswire: out/sections/labour/atom.xml was missing; written again',
        `presswire: out/${truncatedImage} was not what the last build wrote; written again`,
        `presswire: out/${deletedImage} was missing; written again`,
      ].sort(),
    );
    const after = await publishedBytes(room.out);
    expect([...after.keys()].sort()).toEqual([...published.keys()].sort());
    for (const [name, bytes] of published) expect(after.get(name)?.equals(bytes), name).toBe(true);

    // Byte-identical to a clean build of the same articles.
    const clean = await makeNewsroom();
    rooms.push(clean);
    await cp(room.articles, clean.articles, { recursive: true });
    await writeFile(path.join(clean.root, 'presswire.config.json'), JSON.stringify(CONFIG));
    expect((await build(clean, T3)).code).toBe(0);
    const cleanFiles = await publishedBytes(clean.out);
    expect([...cleanFiles.keys()].sort()).toEqual([...after.keys()].sort());
    for (const [name, bytes] of cleanFiles) expect(after.get(name)?.equals(bytes), name).toBe(true);

    // And the build after that finds nothing to repair and writes nothing.
    const again = await build(room, T3);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('written again');
    const mtimes = await Promise.all(['rss.xml', 'atom.xml'].map((f) => stat(path.join(room.out, f))));
    expect((await build(room, T3)).code).toBe(0);
    const mtimesAfter = await Promise.all(['rss.xml', 'atom.xml'].map((f) => stat(path.join(room.out, f))));
    expect(mtimesAfter.map((s) => s.mtimeMs)).toEqual(mtimes.map((s) => s.mtimeMs));
  });

  it('leaves a file alone whose bytes are intact though its mtime moved (touch)', async () => {
    const room = await newsroom();
    expect((await build(room, T1)).code).toBe(0);
    const file = path.join(room.out, 'rss.xml');
    const touched = new Date('2026-11-05T00:00:00Z');
    await utimes(file, touched, touched);
    const result = await build(room, T2);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('written again');
    expect((await stat(file)).mtime.toISOString()).toBe('2026-11-05T00:00:00.000Z');
  });
});
