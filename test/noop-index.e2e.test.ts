import { hostname } from 'node:os';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/**
 * docs/operations.md, "A rebuild with nothing to do": a build that changed nothing leaves
 * `<state>/noop-index.json`, and the next build whose files, config and clock say nothing
 * changed answers from it with the same summary, without reading the articles. Every kind of
 * change made between two builds is still picked up, out/ and the state are still repaired,
 * and the lock is still taken.
 */

const CONFIG = { site: { title: 'Quiet Desk', url: 'https://quiet.example/' } };
const T1 = '2026-11-01T10:00:00Z';
const T2 = '2026-11-20T10:00:00Z';
/** A file changed less than a second before a build keeps that build from writing the index (noop-index.ts). */
const SETTLE_MS = 1_100;

const rooms: Newsroom[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.remove();
});

async function newsroom(config: Record<string, unknown> = CONFIG): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeFile(path.join(room.root, 'presswire.config.json'), JSON.stringify(config));
  await writeJpeg(path.join(room.articles, 'images/harbour.jpg'), 1000, 600);
  await room.write(
    'harbour.md',
    article({
      title: 'Harbour Workers Strike',
      published: '2026-10-20T08:00:00Z',
      image: { src: 'images/harbour.jpg', alt: 'Cranes over the harbour at dawn', credit: 'Harbour Desk' },
    }),
  );
  await room.write('court.md', article({ title: 'Court Hears Appeal', published: '2026-10-22T08:00:00Z' }));
  return room;
}

const build = (room: Newsroom, now = T1, env: Record<string, string> = {}, flags: string[] = []): Promise<CliResult> =>
  runCli(['build', ...flags], { cwd: room.root, env: { PRESSWIRE_NOW: now, ...env } });

const stateDir = (room: Newsroom) => `${room.out}.presswire`;
const indexFile = (room: Newsroom) => path.join(stateDir(room), 'noop-index.json');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The summary line without its duration. */
function summaryLine(result: CliResult): string {
  const line = result.stdout.split('\n').find((text) => text.startsWith('presswire build:')) ?? '';
  return line.replace(/; [\d.]+ s$/, '');
}

async function identity(file: string): Promise<string | undefined> {
  const stats = await stat(file).catch(() => undefined);
  return stats && `${stats.ino} ${stats.size} ${stats.mtimeMs} ${stats.ctimeMs}`;
}

/** Every file in out/ and the state folder with its identity, but the status file (rewritten by every build). */
async function snapshot(room: Newsroom): Promise<Record<string, string | undefined>> {
  const seen: Record<string, string | undefined> = {};
  for (const folder of [room.out, stateDir(room)]) {
    for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory() || entry.name === 'status.json') continue;
      const file = path.join(entry.parentPath, entry.name);
      seen[path.relative(room.root, file)] = await identity(file);
    }
  }
  return seen;
}

/**
 * A cold build, then (the files settled) a rebuild that changes nothing and leaves the
 * index; returns that rebuild and the index's identity.
 */
async function withIndex(room: Newsroom, now = T1, env: Record<string, string> = {}) {
  expect((await build(room, now, env)).code).toBe(0);
  await sleep(SETTLE_MS);
  const rebuild = await build(room, now, env);
  expect(rebuild.code).toBe(0);
  expect(summaryLine(rebuild)).toMatch(/; 0 written, \d+ unchanged in out\/ \(0 image renditions encoded\)$/);
  const index = await identity(indexFile(room));
  expect(index).toBeDefined();
  return { rebuild, index };
}

describe('a rebuild with nothing to do', () => {
  it('answers from the index: the same summary, nothing written, the articles not read', async () => {
    const room = await newsroom();
    expect((await build(room)).code).toBe(0);
    await sleep(SETTLE_MS);
    const full = await build(room, T1, {}, ['--json']);
    const index = await identity(indexFile(room));
    expect(index).toBeDefined();
    const before = await snapshot(room);

    const answered = await build(room, T1, {}, ['--json']);
    expect(answered.code).toBe(0);
    // The index was read, not replaced: a full build deletes it first.
    expect(await identity(indexFile(room))).toBe(index);
    expect(await snapshot(room)).toEqual(before);
    const fields = (result: CliResult) => {
      const { time: _time, durationMs: _duration, ...rest } = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '');
      return rest as Record<string, unknown>;
    };
    expect(fields(answered)).toEqual(fields(full));
    expect(fields(answered)).toMatchObject({ event: 'build-finished', entries: 2, filesWritten: 0, articlesRead: 0 });

    // A later clock with nothing due in between is the same no-op; so is the human summary.
    const later = await build(room, T2);
    expect(later.code).toBe(0);
    expect(summaryLine(later)).toBe(
      'presswire build: ok — 2 entries (0 corrected), 0 withdrawn, 0 skipped, 0 failed; 0 errors, 0 warnings; ' +
        `0 written, ${Object.keys(before).filter((file) => file.startsWith('out/')).length} unchanged in out/ (0 image renditions encoded)`,
    );
    expect(await identity(indexFile(room))).toBe(index);
  });

  it('answers with a config elsewhere (--config) naming its own output and state folders', async () => {
    const room = await newsroom();
    await mkdir(path.join(room.root, 'site'));
    await writeFile(
      path.join(room.root, 'site/presswire.json'),
      JSON.stringify({ ...CONFIG, articles: '../articles', out: '../public', state: '../state' }),
    );
    const run = () =>
      runCli(['build', '--config', 'site/presswire.json'], { cwd: room.root, env: { PRESSWIRE_NOW: T1 } });
    expect((await run()).code).toBe(0);
    await sleep(SETTLE_MS);
    const full = await run();
    const index = await identity(path.join(room.root, 'state/noop-index.json'));
    expect(index).toBeDefined();
    const answered = await run();
    expect(answered.code).toBe(0);
    expect(summaryLine(answered)).toBe(summaryLine(full));
    expect(await identity(path.join(room.root, 'state/noop-index.json'))).toBe(index);
  });

  it('still takes the lock: a held lock stops it with exit 3', async () => {
    const room = await newsroom();
    await withIndex(room);
    // Held by a live process of this host (this one), as its holder record says.
    await mkdir(`${room.out}.lock`);
    await writeFile(
      `${room.out}.lock.holder.json`,
      JSON.stringify({
        token: 't',
        pid: process.pid,
        host: hostname(),
        command: 'build',
        since: new Date().toISOString(),
      }),
    );
    const refused = await build(room);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('another build holds the lock');
    await rm(`${room.out}.lock`, { recursive: true });
    await rm(`${room.out}.lock.holder.json`);
  });

  it('ignores a damaged index and writes it again', async () => {
    const room = await newsroom();
    const { rebuild } = await withIndex(room);
    await writeFile(indexFile(room), '{"version":1,"key":');
    await sleep(SETTLE_MS);
    const result = await build(room);
    expect(result.code).toBe(0);
    expect(summaryLine(result)).toBe(summaryLine(rebuild));
    expect(JSON.parse(await readFile(indexFile(room), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('the first rebuild right after a build that wrote files leaves the index (presswire’s own files need no settling)', async () => {
    const room = await newsroom();
    // The articles settle; out/ and the state folder are written just before the rebuild starts.
    await sleep(SETTLE_MS);
    expect((await build(room)).code).toBe(0);
    expect(await identity(indexFile(room))).toBeUndefined();
    const rebuild = await build(room);
    expect(summaryLine(rebuild)).toMatch(/; 0 written, \d+ unchanged in out\/ \(0 image renditions encoded\)$/);
    const index = await identity(indexFile(room));
    expect(index).toBeDefined();
    const answered = await build(room, T1, {}, ['--json']);
    expect(JSON.parse(answered.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({
      filesWritten: 0,
      articlesRead: 0,
    });
    expect(await identity(indexFile(room))).toBe(index);
  });

  it('an article saved less than a second before a rebuild keeps that rebuild from leaving the index', async () => {
    const room = await newsroom();
    await sleep(SETTLE_MS);
    expect((await build(room)).code).toBe(0);
    // Touched, not changed: the rebuild writes nothing, but the article's change is too recent to vouch for.
    const file = path.join(room.articles, 'harbour.md');
    await writeFile(file, await readFile(file));
    expect(summaryLine(await build(room))).toMatch(/; 0 written, /);
    expect(await identity(indexFile(room))).toBeUndefined();
  });
});

interface Change {
  name: string;
  change(room: Newsroom): Promise<void>;
  /** The build after the change: its clock and environment. */
  now?: string;
  env?: Record<string, string>;
  flags?: string[];
  /** The build writes another output folder, with its own state: the index of out/ stays as it was. */
  elsewhere?: boolean;
  /** What shows the change was picked up. */
  check(room: Newsroom, result: CliResult): Promise<void>;
}

const CHANGES: Change[] = [
  {
    name: 'an article edited in place, same size',
    change: (room) =>
      room.write(
        'court.md',
        article({ title: 'Court Hears Appeal', published: '2026-10-22T08:00:00Z' }, 'A paragraph of the judgment.\n'),
      ),
    async check(room, result) {
      expect(result.stderr).toContain('unannounced edit');
      expect(await room.read('rss.xml')).toContain('A paragraph of the judgment.');
    },
  },
  {
    name: 'a new article',
    change: (room) => room.write('port.md', article({ title: 'Port Reopens', published: '2026-10-25T08:00:00Z' })),
    async check(room) {
      expect(await room.read('rss.xml')).toContain('Port Reopens');
    },
  },
  {
    name: 'a deleted article',
    change: (room) => rm(path.join(room.articles, 'court.md')),
    async check(room) {
      expect(await room.read('atom.xml')).toContain('at:deleted-entry');
    },
  },
  {
    name: 'the config',
    change: (room) =>
      writeFile(
        path.join(room.root, 'presswire.config.json'),
        JSON.stringify({ site: { ...CONFIG.site, description: 'Harbour and court news.' } }),
      ),
    async check(room) {
      expect(await room.read('rss.xml')).toContain('Harbour and court news.');
    },
  },
  {
    name: 'an environment override of the config',
    change: async () => undefined,
    env: { PRESSWIRE_SITE_URL: 'https://moved.example/' },
    async check(room) {
      expect(await room.read('rss.xml')).toContain('https://moved.example/');
    },
  },
  {
    name: 'another output folder given by --out',
    change: async () => undefined,
    flags: ['--out', 'public'],
    elsewhere: true,
    async check(room) {
      expect(await readFile(path.join(room.root, 'public/rss.xml'), 'utf8')).toContain('Court Hears Appeal');
    },
  },
  {
    name: 'a lead image replaced',
    change: (room) => writeJpeg(path.join(room.articles, 'images/harbour.jpg'), 900, 600),
    async check(room, result) {
      expect(summaryLine(result)).toMatch(/\([1-9]\d* image renditions? encoded\)$/);
      // 900 px wide: only the 480 px rendition fits (docs/article-format.md, "Images").
      expect(await room.read('rss.xml')).toContain('width="480" height="320"');
    },
  },
  {
    name: 'a published feed edited behind presswire’s back',
    change: async (room) => writeFile(path.join(room.out, 'rss.xml'), '<rss/>\n'),
    async check(room, result) {
      expect(result.stdout + result.stderr).toContain('rss.xml');
      expect(await room.read('rss.xml')).toContain('Harbour Workers Strike');
    },
  },
  {
    name: 'a published feed deleted',
    change: (room) => rm(path.join(room.out, 'feed.json')),
    async check(room) {
      expect(await room.read('feed.json')).toContain('Harbour Workers Strike');
    },
  },
  {
    name: 'a damaged state file',
    change: (room) => writeFile(path.join(stateDir(room), 'state.json'), ''),
    async check(room, result) {
      expect(result.stdout + result.stderr).toContain('recovered');
      expect(await room.read('atom.xml')).toContain('Court Hears Appeal');
    },
  },
];

describe('every change made between two builds is picked up, not answered from the index', () => {
  it.each(CHANGES)('$name', async ({ change, now, env, flags, elsewhere, check }) => {
    const room = await newsroom();
    const { index } = await withIndex(room);
    await change(room);
    const result = await build(room, now ?? T1, env ?? {}, flags ?? []);
    expect(result.code).toBe(0);
    if (elsewhere) expect(await identity(indexFile(room))).toBe(index);
    else expect(await identity(indexFile(room))).not.toBe(index);
    await check(room, result);
  });

  it('an edit whose size and mtime were put back (touch -r) is handed to the full build (by its ctime)', async () => {
    const room = await newsroom();
    const { index } = await withIndex(room);
    const file = path.join(room.articles, 'court.md');
    const before = await stat(file);
    await room.write(
      'court.md',
      article({ title: 'Court Hears Appeal', published: '2026-10-22T08:00:00Z' }, 'A paragraph of the judgment.\n'),
    );
    await utimes(file, before.atime, before.mtime);
    expect((await stat(file)).size).toBe(before.size);
    const result = await build(room);
    expect(result.code).toBe(0);
    // Not answered from the index: the full build ran (and, the file having just changed, wrote no new index).
    expect(await identity(indexFile(room))).not.toBe(index);
  });
});

describe('time-driven changes end the index’s answer', () => {
  it('an embargo that lifts: the article appears at the first build at or after it', async () => {
    const room = await newsroom();
    await room.write(
      'summit.md',
      article({ title: 'Summit Communiqué', published: '2026-10-30T08:00:00Z', embargo: '2026-11-05T00:00:00Z' }),
    );
    const { index } = await withIndex(room, T1);
    expect(await room.read('rss.xml')).not.toContain('Summit Communiqué');
    const justBefore = await build(room, '2026-11-04T23:59:59Z');
    expect(await identity(indexFile(room))).toBe(index);
    expect(justBefore.code).toBe(0);
    const lifted = await build(room, '2026-11-05T00:00:00Z');
    expect(lifted.code).toBe(0);
    expect(await room.read('rss.xml')).toContain('Summit Communiqué');
  });

  it('an expiry date that passes (Hugo’s expiryDate): the article leaves the feeds', async () => {
    const room = await newsroom({ ...CONFIG, input: { dialect: 'hugo' } });
    await room.write(
      'offer.md',
      '---\ntitle: Ferry Timetable\ndate: 2026-10-28T08:00:00Z\nexpiryDate: 2026-11-10T00:00:00Z\n---\nThe winter timetable.\n',
    );
    await withIndex(room, T1);
    expect(await room.read('rss.xml')).toContain('Ferry Timetable');
    expect((await build(room, '2026-11-10T00:00:00Z')).code).toBe(0);
    expect(await room.read('rss.xml')).not.toContain('Ferry Timetable');
    expect(await room.read('atom.xml')).toContain('at:deleted-entry');
  });

  it('a tombstone older than feeds.tombstoneDays leaves the Atom feed', async () => {
    const room = await newsroom({ ...CONFIG, feeds: { tombstoneDays: 5 } });
    await room.write(
      'retracted.md',
      article({
        title: 'Retracted Report',
        published: '2026-10-20T08:00:00Z',
        status: 'withdrawn',
        withdrawn: '2026-10-30T00:00:00Z',
      }),
    );
    await withIndex(room, T1);
    expect(await room.read('atom.xml')).toContain('at:deleted-entry');
    expect((await build(room, '2026-11-04T00:00:00Z')).code).toBe(0);
    expect(await room.read('atom.xml')).toContain('at:deleted-entry');
    expect((await build(room, '2026-11-04T00:00:00.001Z')).code).toBe(0);
    expect(await room.read('atom.xml')).not.toContain('at:deleted-entry');
  });
});

describe('author data and the static folder are watched', () => {
  it('a changed author data file makes the build read the articles again under it', async () => {
    const room = await newsroom({ ...CONFIG, input: { dialect: 'hugo' } });
    await mkdir(path.join(room.root, 'data'), { recursive: true });
    const authors = path.join(room.root, 'data/authors.json');
    await writeFile(authors, JSON.stringify({ ana: { name: 'Ana Reyes' } }));
    await room.write('desk.md', '---\ntitle: Desk Notes\ndate: 2026-10-28T08:00:00Z\nauthor: ana\n---\nNotes.\n');
    const { index } = await withIndex(room);
    expect(await room.read('feed.json')).toContain('"name": "Ana Reyes"');
    const cacheFiles = async () =>
      Object.entries(await snapshot(room)).filter(([file]) => file.includes(`article-cache${path.sep}`));
    const cacheBefore = await cacheFiles();
    await writeFile(authors, JSON.stringify({ ana: { name: 'Ana Reyes Molina' } }));
    expect((await build(room)).code).toBe(0);
    expect(await identity(indexFile(room))).not.toBe(index);
    // The article cache is keyed by the author data (load/article-cache.ts): it was made again.
    expect(await cacheFiles()).not.toEqual(cacheBefore);
  });

  it('an image added to the static folder is found by the article that names it', async () => {
    const room = await newsroom({ ...CONFIG, static: 'static' });
    await room.write(
      'pier.md',
      article({ title: 'Pier Repaired', published: '2026-10-28T08:00:00Z' }, '![The new pier](/images/pier.jpg)\n'),
    );
    // The image is missing: the article fails (exit 1) and the rest is published.
    expect((await build(room)).code).toBe(1);
    await sleep(SETTLE_MS);
    expect((await build(room)).code).toBe(1);
    const index = await identity(indexFile(room));
    expect(index).toBeDefined();
    expect((await build(room)).code).toBe(1);
    expect(await identity(indexFile(room))).toBe(index);
    await writeJpeg(path.join(room.root, 'static/images/pier.jpg'), 800, 500);
    const fixed = await build(room);
    expect(fixed.code).toBe(0);
    expect(await room.read('rss.xml')).toContain('Pier Repaired');
  });
});
