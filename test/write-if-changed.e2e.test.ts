import { readdir, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/**
 * SPEC §5: a file whose bytes would not change is not rewritten, so its mtime
 * stays and web servers keep their ETag/Last-Modified. Every file is first set to an old
 * mtime, so any rewrite at all, even within the same millisecond, shows.
 */

const NOW = '2026-05-01T12:00:00Z';
const OLD = new Date('2001-01-01T00:00:00Z');
const FEEDS = ['atom.xml', 'feed.json', 'rss.xml'];

let room: Newsroom;

beforeAll(async () => {
  room = await makeNewsroom();
  await writeJpeg(path.join(room.articles, 'images/queue.jpg'), 1200, 800);
  await writeJpeg(path.join(room.articles, 'images/road.jpg'), 1000, 700);
  await room.write(
    'queue.md',
    article(
      {
        title: 'Queue at the Water Point',
        published: '2026-04-01T06:00:00Z',
        image: { src: 'images/queue.jpg', alt: 'People queue at a pump' },
      },
      'People queue before dawn.\n\n![The road](images/road.jpg)\n',
    ),
  );
  await room.write(
    'road.md',
    article({
      title: 'Clinic Road Closed',
      published: '2026-04-02T06:00:00Z',
      image: { src: 'images/road.jpg', alt: 'A closed road' },
    }),
  );
});

afterAll(async () => {
  await room.remove();
});

async function files(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  const result: string[] = [];
  for (const name of names.sort())
    if ((await stat(path.join(dir, name))).isFile()) result.push(name.split(path.sep).join('/'));
  return result;
}

async function ageAll(dirs: string[]): Promise<void> {
  for (const dir of dirs) for (const name of await files(dir)) await utimes(path.join(dir, name), OLD, OLD);
}

/** Files under `dir` whose mtime is no longer OLD. */
async function rewritten(dir: string): Promise<string[]> {
  const result: string[] = [];
  for (const name of await files(dir))
    if ((await stat(path.join(dir, name))).mtimeMs !== OLD.getTime()) result.push(name);
  return result;
}

function build() {
  return runCli(['build', '--json', '--articles', room.articles, '--out', room.out], {
    cwd: room.root,
    env: { PRESSWIRE_NOW: NOW },
  });
}

describe('write-if-changed', () => {
  it('a second build rewrites nothing: every mtime in out/ and of the state stays', async () => {
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    const published = await files(room.out);
    expect(published).toEqual(expect.arrayContaining(FEEDS));
    const renditions = published.filter((name) => name.startsWith('images/'));
    expect(renditions.length).toBeGreaterThanOrEqual(2);

    await ageAll([room.out, `${room.out}.presswire`]);
    const second = await build();
    expect(second.code, second.stderr).toBe(0);
    expect(await rewritten(room.out)).toEqual([]);
    expect(await files(room.out)).toEqual(published);
    // The state is not rewritten either (status.json is, by design: it records this build),
    // except the two files that record the published files' mtimes, which ageAll moved: the
    // bytes were read once, found intact, and only their records follow (drift detection).
    expect(
      (await rewritten(`${room.out}.presswire`)).filter(
        (name) => !['status.json', 'published.json', 'images.json'].includes(name),
      ),
    ).toEqual([]);
    const records = JSON.parse(await readFile(path.join(`${room.out}.presswire`, 'published.json'), 'utf8')) as {
      files: Record<string, { mtimeMs: number }>;
    };
    expect(Object.values(records.files).map((record) => record.mtimeMs)).toEqual(
      Object.values(records.files).map(() => OLD.getTime()),
    );
    const end = JSON.parse(second.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(end).toMatchObject({ event: 'build-finished', filesWritten: 0, filesUnchanged: published.length });
  });

  it('changing one article rewrites the feeds, not the renditions', async () => {
    await room.write(
      'road.md',
      article({
        title: 'Clinic Road Closed Again',
        published: '2026-04-02T06:00:00Z',
        image: { src: 'images/road.jpg', alt: 'A closed road' },
      }),
    );
    await ageAll([room.out]);
    const third = await build();
    expect(third.code, third.stderr).toBe(0);
    const changed = await rewritten(room.out);
    expect(changed).toEqual(expect.arrayContaining(FEEDS));
    expect(changed.filter((name) => name.startsWith('images/'))).toEqual([]);
    expect(await room.read('atom.xml')).toContain('Clinic Road Closed Again');
  });
});
