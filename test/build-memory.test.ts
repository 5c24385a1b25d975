import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, BuildMemory, type BuildSummary } from '../src/build.js';
import { loadConfig } from '../src/config/load.js';
import { snapshot } from './support/corpus.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';

/**
 * What `presswire schedule` keeps between its builds (build.ts, BuildMemory): the article
 * cache's shards and the history files as last read or written. Builds that use it publish
 * the same bytes and keep the same state as builds that read everything, and a file changed
 * behind the job's back is read again.
 */

const NOW = Date.parse('2026-06-01T00:00:00Z');
let rooms: Newsroom[] = [];

beforeEach(() => {
  rooms = [];
});
afterEach(async () => {
  await Promise.all(rooms.map((room) => room.remove()));
});

async function newsroom(): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  for (let i = 0; i < 40; i++)
    await room.write(
      `news/story-${i}.md`,
      article({ title: `Story ${i}`, published: `2026-01-${10 + (i % 18)}T08:00:00Z` }),
    );
  return room;
}

async function buildIn(room: Newsroom, memory?: BuildMemory, now = NOW): Promise<BuildSummary> {
  const config = await loadConfig({}, {}, room.root);
  return build({ config, now, cwd: room.root, ...(memory ? { memory } : {}) });
}

const correct = (room: Newsroom, i: number) =>
  room.write(
    `news/story-${i}.md`,
    article({
      title: `Story ${i}`,
      published: `2026-01-${10 + (i % 18)}T08:00:00Z`,
      corrections: [{ date: '2026-02-01T09:00:00Z', text: `Story ${i} misspelled a name.` }],
    }),
  );

describe('the build memory of a long-running job', () => {
  it('publishes the same bytes as builds that read the cache from disk, reading no unchanged shard again', async () => {
    const remembering = await newsroom();
    const reading = await newsroom();
    const memory = new BuildMemory();
    await buildIn(remembering, memory);
    await buildIn(reading);
    expect(memory.articleCache.shards.size).toBeGreaterThan(0);
    const shardsAfterFirst = new Map(memory.articleCache.shards);

    await correct(remembering, 7);
    await correct(reading, 7);
    const withMemory = await buildIn(remembering, memory, NOW + 60_000);
    const without = await buildIn(reading, undefined, NOW + 60_000);
    expect(withMemory.articleFiles).toMatchObject({ read: 1, parsed: 1 });
    expect(without.articleFiles).toMatchObject({ read: 1, parsed: 1 });
    expect(withMemory.corrected).toBe(1);
    expect(await snapshot(remembering.out)).toEqual(await snapshot(reading.out));
    const state = (room: Newsroom) => readFile(path.join(`${room.out}.presswire`, 'state.json'), 'utf8');
    expect(await state(remembering)).toEqual(await state(reading));
    // The history files this build wrote are remembered as written, not parsed again next time.
    expect([...memory.historyFiles].map(([file]) => path.basename(file)).sort()).toEqual(['feeds.json', 'state.json']);
    // Only the corrected article's shard was written again; every other one is the same record set.
    const rewritten = [...memory.articleCache.shards].filter(([file, known]) => shardsAfterFirst.get(file) !== known);
    expect(rewritten).toHaveLength(1);

    // Two more corrections, one a new article in the window: every build of the job starts
    // from what the one before wrote, and still matches a build that reads it all from disk.
    for (const [i, at] of [
      [12, NOW + 120_000],
      [41, NOW + 180_000],
    ] as const) {
      await correct(remembering, i);
      await correct(reading, i);
      const next = await buildIn(remembering, memory, at);
      await buildIn(reading, undefined, at);
      expect(next.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(await snapshot(remembering.out)).toEqual(await snapshot(reading.out));
      for (const file of ['state.json', 'feeds.json', 'last-good.json'])
        expect(await readFile(path.join(`${remembering.out}.presswire`, file), 'utf8')).toEqual(
          await readFile(path.join(`${reading.out}.presswire`, file), 'utf8'),
        );
    }
  });

  it('reads a shard again when its file changed behind the job, instead of trusting what it remembers', async () => {
    const room = await newsroom();
    const memory = new BuildMemory();
    await buildIn(room, memory);
    const folder = path.join(`${room.out}.presswire`, 'article-cache');
    const [shard] = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
    const file = path.join(folder, shard as string);
    const articlesInShard = Object.keys(
      (JSON.parse(await readFile(file, 'utf8')) as { records: object }).records,
    ).length;
    // A damaged shard (a restore, a full disk): its articles are read and parsed again.
    await writeFile(file, '{');
    const again = await buildIn(room, memory, NOW + 60_000);
    expect(articlesInShard).toBeGreaterThan(0);
    expect(again.articleFiles).toMatchObject({ read: articlesInShard, parsed: articlesInShard });
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Rewritten whole by that build, and remembered as written.
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ records: expect.any(Object) });
    const next = await buildIn(room, memory, NOW + 120_000);
    expect(next.articleFiles).toMatchObject({ read: 0, parsed: 0, reused: 40 });
  });

  it('reads state.json again when it was damaged behind the job, and recovers as a build without memory does', async () => {
    const room = await newsroom();
    const memory = new BuildMemory();
    await buildIn(room, memory);
    await correct(room, 3);
    await buildIn(room, memory, NOW + 60_000);
    const stateFile = path.join(`${room.out}.presswire`, 'state.json');
    // A full disk truncates the file; the job's memory still holds what it wrote.
    await writeFile(stateFile, '{"version": 2, "entr');
    const again = await buildIn(room, memory, NOW + 120_000);
    expect(again.recovered).toHaveLength(1);
    expect(again.recovered[0]).toMatch(
      /^state\.json is not JSON \(.*\); used its previous generation, state\.json\.prev/,
    );
    expect(again.corrected).toBe(1);
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ version: 2, entries: expect.any(Object) });
  });
});
