import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { snapshot } from './support/corpus.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser, type FeedparserEntry } from './support/validators.js';

/**
 * What the state file lets a build know, through the real CLI: unannounced
 * edits, kept entries, tombstones that remember when the withdrawal was first seen, the
 * status file and the exit codes.
 */

const SITE = 'news.northwind-rights.example';
const T1 = '2026-03-01T10:00:00Z';
const T2 = '2026-03-02T10:00:00Z';
const T3 = '2026-03-03T10:00:00Z';

const WATER = article(
  { title: 'Water Points Hearing Adjourned', published: '2026-02-20T08:00:00Z', slug: 'water-points' },
  'The hearing on the water points was adjourned until March.\n',
);
const CLINIC = article(
  { title: 'Clinic Road Closed Again', published: '2026-02-25T08:00:00Z', slug: 'clinic-road' },
  'The road to the clinic was closed again on Tuesday.\n',
);
const WATER_ID = `tag:${SITE},2026-02-20:water-points`;
const CLINIC_ID = `tag:${SITE},2026-02-25:clinic-road`;

let newsroom: Newsroom | undefined;
afterEach(async () => {
  await newsroom?.remove();
  newsroom = undefined;
});

async function freshNewsroom(): Promise<Newsroom> {
  newsroom = await makeNewsroom();
  await newsroom.write('water-points.md', WATER);
  await newsroom.write('clinic-road.md', CLINIC);
  return newsroom;
}

function build(room: Newsroom, now: string, ...flags: string[]): Promise<CliResult> {
  return runCli(['build', '--articles', room.articles, '--out', room.out, ...flags], {
    cwd: room.root,
    env: { PRESSWIRE_NOW: now },
  });
}

interface JsonItem {
  id: string;
  title: string;
  content_html: string;
  date_published: string;
  date_modified: string;
}

async function feeds(room: Newsroom) {
  const [rss, atom] = await Promise.all([
    parseWithFeedparser(path.join(room.out, 'rss.xml')),
    parseWithFeedparser(path.join(room.out, 'atom.xml')),
  ]);
  expect(rss.bozo, rss.bozo_exception ?? '').toBe(false);
  expect(atom.bozo, atom.bozo_exception ?? '').toBe(false);
  expect(await checkAtomRfc4287(path.join(room.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
  expect(await checkJsonFeed11(path.join(room.out, 'feed.json'))).toEqual({ ok: true, errors: [] });
  const json = JSON.parse(await room.read('feed.json')) as { items: JsonItem[] };
  const byId = <T extends { id: string | null }>(entries: T[], id: string) => entries.find((e) => e.id === id);
  return {
    rss,
    atom,
    json,
    entry(id: string): {
      rss: FeedparserEntry | undefined;
      atom: FeedparserEntry | undefined;
      json: JsonItem | undefined;
    } {
      return { rss: byId(rss.entries, id), atom: byId(atom.entries, id), json: byId(json.items, id) };
    },
  };
}

async function statusOf(room: Newsroom): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(`${room.out}.presswire/status.json`, 'utf8')) as Record<string, unknown>;
}

describe('unannounced edit', () => {
  it('warns naming the article, and the entry modified time moves to the build that first saw the change', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    await room.write('water-points.md', WATER.replace('until March', 'until April'));

    const second = await build(room, T2);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      'warning: articles/water-points.md: body: expected a new correction or a new `updated:` with a changed body but received neither (unannounced edit)',
    );
    let water = (await feeds(room)).entry(WATER_ID);
    expect(water.atom?.updated).toBe('2026-03-02T10:00:00Z');
    expect(water.atom?.published).toBe('2026-02-20T08:00:00Z');
    expect(water.rss?.updated).toBe('2026-03-02T10:00:00Z');
    expect(water.rss?.published).toBe('2026-02-20T08:00:00Z');
    expect(water.json?.date_modified).toBe('2026-03-02T10:00:00Z');
    expect(water.json?.content_html).toContain('until April');
    expect((await statusOf(room)).outcome).toBe('warnings');

    // Seen once: the next build is quiet and the entry keeps the time the edit was first seen.
    const third = await build(room, T3);
    expect(third.code).toBe(0);
    expect(third.stderr).toBe('');
    water = (await feeds(room)).entry(WATER_ID);
    expect(water.atom?.updated).toBe('2026-03-02T10:00:00Z');
    // The other article never changed.
    expect((await feeds(room)).entry(CLINIC_ID).atom?.updated).toBe('2026-02-25T08:00:00Z');
  });

  it('fails the build with --strict, as an error naming the article', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1, '--strict')).code).toBe(0);
    await room.write('water-points.md', WATER.replace('until March', 'until April'));
    const strict = await build(room, T2, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(
      'error: articles/water-points.md: body: expected a new correction or a new `updated:` with a changed body but received neither',
    );
    const status = await statusOf(room);
    expect(status.outcome).toBe('failed');
    expect(status.exitCode).toBe(1);
    expect(status.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', file: 'articles/water-points.md', key: 'body' }),
    ]);
  });

  it('is no unannounced edit when a correction comes with the change', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    const corrected = WATER.replace('until March', 'until April').replace(
      'slug: "water-points"',
      'slug: "water-points"\ncorrections: [{"date": "2026-03-01T12:00:00Z", "text": "The hearing resumes in April, not March."}]',
    );
    await room.write('water-points.md', corrected);
    const second = await build(room, T2, '--strict');
    expect(second.code).toBe(0);
    expect((await feeds(room)).entry(WATER_ID).atom?.updated).toBe('2026-03-01T12:00:00Z');
  });
});

describe('kept entry: a published article that turns invalid', () => {
  it.each([
    [
      'a front matter YAML syntax error',
      WATER.replace('title: "Water Points Hearing Adjourned"', 'title: [unclosed'),
      'articles/water-points.md:3: expected valid YAML front matter',
    ],
    ['an unparsable date', WATER.replace('"2026-02-20T08:00:00Z"', '"the twentieth"'), 'published: expected'],
    ['a missing title', WATER.replace('title: "Water Points Hearing Adjourned"\n', ''), 'title: expected'],
    [
      'a lead image that does not exist',
      WATER.replace('slug: "water-points"', 'slug: "water-points"\nimage: {"src": "missing.jpg", "alt": "A queue"}'),
      'image.src',
    ],
  ])('keeps its last good entry in every feed and fails the build (%s)', async (_what, broken, message) => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    const before = await feeds(room);
    const good = before.entry(WATER_ID);
    expect(good.atom?.title).toBe('Water Points Hearing Adjourned');

    await room.write('water-points.md', broken);
    const second = await build(room, T2);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(message);
    expect(second.stderr).toContain(
      `error: articles/water-points.md: expected a valid article to update the published entry ${WATER_ID} but received one with errors; the feeds keep its last good entry (modified 2026-02-20T08:00:00.000Z) until it is fixed`,
    );
    expect(second.stdout + second.stderr).toMatch(/FAILED — 2 entries/);

    const after = await feeds(room);
    const kept = after.entry(WATER_ID);
    expect(kept.atom).toEqual(good.atom);
    expect(kept.rss).toEqual(good.rss);
    expect(kept.json).toEqual(good.json);
    expect(after.atom.entries.map((e) => e.id)).toEqual([CLINIC_ID, WATER_ID]);
    const status = await statusOf(room);
    expect(status.outcome).toBe('failed');
    expect((status.counts as Record<string, number>).kept).toBe(1);

    // Fixed: the entry is built from the article again, and the build succeeds.
    await room.write('water-points.md', WATER);
    const third = await build(room, T3);
    expect(third.code).toBe(0);
    expect((await feeds(room)).entry(WATER_ID).atom).toEqual(good.atom);
  });

  it('keeps nothing for an article that was never published', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    await room.write('new-one.md', article({ title: 'New', published: 'yesterday' }));
    const second = await build(room, T2);
    expect(second.code).toBe(1);
    expect(second.stderr).not.toContain('last good entry');
    expect((await feeds(room)).atom.entries.map((e) => e.id)).toEqual([CLINIC_ID, WATER_ID]);
  });
});

describe('tombstones', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  async function tombstones(room: Newsroom): Promise<{ ref: string; when: string }[]> {
    const doc = parser.parse(await room.read('atom.xml')) as { feed: { 'at:deleted-entry'?: unknown } };
    const raw = doc.feed['at:deleted-entry'];
    const list = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as { ref: string; when: string }[];
    return list.map(({ ref, when }) => ({ ref, when }));
  }

  it('carries the time the withdrawal was first seen, and leaves after feeds.tombstoneDays', async () => {
    const room = await freshNewsroom();
    await room.writeConfig({ feeds: { tombstoneDays: 2 } });
    expect((await build(room, T1)).code).toBe(0);
    await room.write(
      'water-points.md',
      WATER.replace('slug: "water-points"', 'slug: "water-points"\nstatus: "withdrawn"'),
    );

    expect((await build(room, T2)).code).toBe(0);
    expect(await tombstones(room)).toEqual([{ ref: WATER_ID, when: '2026-03-02T10:00:00Z' }]);
    expect((await feeds(room)).atom.entries.map((e) => e.id)).toEqual([CLINIC_ID]);

    // A day later: still there, still dated when it was first seen.
    expect((await build(room, T3)).code).toBe(0);
    expect(await tombstones(room)).toEqual([{ ref: WATER_ID, when: '2026-03-02T10:00:00Z' }]);
    expect((await checkAtomRfc4287(path.join(room.out, 'atom.xml'))).ok).toBe(true);

    // Two days after it was first seen: still within the period; a minute later: gone.
    expect((await build(room, '2026-03-04T10:00:00Z')).code).toBe(0);
    expect(await tombstones(room)).toHaveLength(1);
    expect((await build(room, '2026-03-04T10:01:00Z')).code).toBe(0);
    expect(await tombstones(room)).toEqual([]);
  });
});

describe('state and status files', () => {
  it('keeps per entry the body hash, the modified time and when it was first and last published', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    await room.write('water-points.md', WATER.replace('until March', 'until April'));
    expect((await build(room, T2)).code).toBe(0);
    const state = JSON.parse(await readFile(`${room.out}.presswire/state.json`, 'utf8')) as {
      version: number;
      entries: Record<string, Record<string, unknown>>;
    };
    expect(state.version).toBe(2);
    expect(Object.keys(state.entries)).toEqual([WATER_ID, CLINIC_ID]); // sorted by id
    expect(state.entries[WATER_ID]).toEqual({
      bodyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      declaredModified: Date.parse('2026-02-20T08:00:00Z'),
      // title, dek, lead image, caption, credit (entries/significant-edits.ts); the empty ones hash ''.
      fieldsHash: expect.stringMatching(/^[0-9a-f]{12} e3b0c44298fc e3b0c44298fc e3b0c44298fc e3b0c44298fc$/),
      modified: Date.parse(T2),
      firstPublished: Date.parse(T1),
      lastPublished: Date.parse(T2),
      sourcePath: 'water-points.md',
    });
    expect(state.entries[CLINIC_ID]).toMatchObject({ firstPublished: Date.parse(T1), lastPublished: Date.parse(T1) });
  });

  it('records each build for monitoring: start, end, outcome, counts and the first diagnostics', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    const ok = await statusOf(room);
    expect(ok).toMatchObject({
      version: 1,
      running: false,
      command: 'build',
      outcome: 'ok',
      exitCode: 0,
      buildTime: '2026-03-01T10:00:00.000Z',
      // First build: every file in out/ was written.
      counts: {
        articles: 2,
        entries: 2,
        corrected: 0,
        withdrawn: 0,
        kept: 0,
        skipped: 0,
        failed: 0,
        unannouncedEdits: 0,
        errors: 0,
        warnings: 0,
        filesWritten: Object.keys(await snapshot(room.out)).length,
        filesUnchanged: 0,
      },
      diagnostics: [],
      diagnosticsTotal: 0,
      message: null,
    });
    expect(ok.lastSuccess).toBe(ok.lastEnd);
    expect(Date.parse(ok.lastEnd as string)).toBeGreaterThanOrEqual(Date.parse(ok.lastStart as string));

    await room.write('broken.md', '---\ntitle: [\n---\nBody\n');
    expect((await build(room, T2)).code).toBe(1);
    const failed = await statusOf(room);
    expect(failed).toMatchObject({ outcome: 'failed', exitCode: 1, lastSuccess: ok.lastSuccess, diagnosticsTotal: 1 });
    expect(failed.diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'articles/broken.md' })]);
  });
});

describe('exit codes', () => {
  it('is 2 for a config error, and nothing is written', async () => {
    const room = await freshNewsroom();
    await room.writeConfig({ feeds: { limit: 'many' } });
    const result = await build(room, T1);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('presswire.config.json: feeds.limit');
    await expect(stat(room.out)).rejects.toThrow();
  });

  it('is 0 for a state file that is not presswire state: the build recovers from the published feeds and says so', async () => {
    const room = await freshNewsroom();
    expect((await build(room, T1)).code).toBe(0);
    const before = await room.read('atom.xml');
    await writeFile(`${room.out}.presswire/state.json`, '{"version": 99}');
    const result = await build(room, T2);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'presswire: warning: state.json is not presswire state (version 99), and state.json.prev is missing; recovered from 2 published Atom feeds: the modification times of 2 entries and the withdrawal times of 0 tombstones. Not recoverable: body hashes (an edit made since then is not reported as an unannounced edit this once), first and last published times, and the source files of entries no longer in the articles\n',
    );
    expect(await room.read('atom.xml')).toBe(before);
    expect(await statusOf(room)).toMatchObject({ outcome: 'ok', exitCode: 0, running: false });
  });
});
