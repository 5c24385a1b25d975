import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { writeCorpus, writeFileAtomically } from './support/corpus.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { inotifyInstances, pollUntil, sleep, startCli, type LogLine, type RunningCli } from './support/processes.js';
import { parseWithFeedparser } from './support/validators.js';

/**
 * `presswire schedule` watching the articles (docs/operations.md, "A correction live within
 * a second"): a saved change is published at once, not at the next cron slot, without two
 * builds ever running at once. The slot here is once a year, so every run these tests see
 * was started by a change.
 */

const YEARLY = { schedule: { cron: '0 0 1 1 *' } };

const running: RunningCli[] = [];
const rooms: Newsroom[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => child.kill()));
});
afterAll(async () => {
  await Promise.all(rooms.map((room) => room.remove()));
});

/** A newsroom built once by `presswire build`: nothing is behind when the job starts. */
async function publishedNewsroom(write?: (room: Newsroom) => Promise<void>): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await room.writeConfig(YEARLY);
  await write?.(room);
  const built = await runCli(['build'], { cwd: room.root });
  expect(built.code, built.stderr).toBe(0);
  return room;
}

async function scheduled(args: string[] = []): Promise<{ room: Newsroom; child: RunningCli }> {
  const room = await publishedNewsroom();
  const child = startCli(['schedule', '--json', ...args], { cwd: room.root });
  running.push(child);
  await child.waitForLine((line) => line.event === 'schedule-started');
  return { room, child };
}

const started = (line: LogLine) => line.event === 'run-started';
const finished = (line: LogLine) => line.event === 'run-finished';

/** Start and end lines alternate, numbered 1, 2, 3, …: no run ever began while another was going. */
function expectRunsOneAtATime(child: RunningCli): void {
  const events = child.lines.filter((line) => started(line) || finished(line));
  const runs = events.filter(started).map((line) => line.run);
  expect(runs).toEqual(runs.map((_, i) => i + 1));
  expect(events.map((line) => `${line.event} ${line.run}`)).toEqual(
    runs.flatMap((run) => [`run-started ${run}`, `run-finished ${run}`]),
  );
  expect(child.lines.filter((line) => line.event === 'run-skipped')).toEqual([]);
}

const HEARING = { title: 'Hearing Adjourned', published: '2026-01-10T08:00:00Z', id: 'tag:northwind,2026:hearing' };

describe('presswire schedule watching the articles', () => {
  it('publishes a saved correction at once, as an update of the same entry, long before the next slot', async () => {
    const { room, child } = await scheduled();
    expect(child.lines.find((line) => line.event === 'schedule-started')).toMatchObject({ watch: true });

    await writeFileAtomically(path.join(room.articles, 'hearing.md'), article(HEARING));
    const first = await child.waitForLine(started, 10_000);
    expect(first).toMatchObject({ run: 1, changed: ['articles/hearing.md'] });
    expect(await child.waitForLine((line) => finished(line) && line.run === 1, 20_000)).toMatchObject({
      outcome: 'ok',
    });
    const before = await parseWithFeedparser(path.join(room.out, 'atom.xml'));
    expect(before.entries.map((entry) => entry.id)).toEqual(['tag:northwind,2026:hearing']);

    await writeFileAtomically(
      path.join(room.articles, 'hearing.md'),
      article({
        ...HEARING,
        corrections: [{ date: '2026-01-12T09:00:00Z', text: 'The hearing resumes on 3 February, not 3 March.' }],
      }),
    );
    expect(await child.waitForLine((line) => started(line) && line.run === 2, 10_000)).toMatchObject({
      changed: ['articles/hearing.md'],
    });
    expect(await child.waitForLine((line) => finished(line) && line.run === 2, 20_000)).toMatchObject({
      outcome: 'ok',
      corrected: 1,
    });
    const after = await parseWithFeedparser(path.join(room.out, 'atom.xml'));
    expect(after.bozo).toBe(false);
    // The same entry, updated: same id and publication date, a later update time.
    expect(after.entries.map((entry) => entry.id)).toEqual(['tag:northwind,2026:hearing']);
    expect(after.entries[0]?.published).toBe(before.entries[0]?.published);
    expect(after.entries[0]?.updated).toBe('2026-01-12T09:00:00Z');
    expect(await readFile(path.join(room.out, 'atom.xml'), 'utf8')).toContain(
      'The hearing resumes on 3 February, not 3 March.',
    );

    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expectRunsOneAtATime(child);
  });

  it('publishes a file saved while the job is still starting (filling its memory), without waiting for a slot', async () => {
    const room = await makeNewsroom();
    rooms.push(room);
    await room.writeConfig(YEARLY);
    // Enough articles that filling the memory takes a while.
    await writeCorpus(room.articles, { count: 2000 });
    const child = startCli(['schedule', '--json'], { cwd: room.root });
    running.push(child);
    // The watch is in place while the job is still filling its memory: it has not said it started.
    await pollUntil(async () => (await inotifyInstances(child.pid)) > 0, 30_000, 'the watch to start');
    expect(child.lines.map((line) => line.event)).not.toContain('schedule-started');
    const late = { title: 'Filed Late', published: '2026-01-20T08:00:00Z', id: 'tag:northwind,2026:late' };
    await writeFileAtomically(path.join(room.articles, 'late.md'), article(late));

    await child.waitForLine((line) => line.event === 'schedule-started', 60_000);
    expect(await child.waitForLine(started, 10_000)).toMatchObject({ run: 1, changed: ['articles/late.md'] });
    expect(await child.waitForLine((line) => finished(line) && line.run === 1, 60_000)).toMatchObject({
      outcome: 'ok',
      articles: 2001,
    });
    const feed = await parseWithFeedparser(path.join(room.out, 'atom.xml'));
    expect(feed.entries[0]?.id).toBe('tag:northwind,2026:late');

    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expectRunsOneAtATime(child);
  }, 120_000);

  it('publishes at start a correction saved while the job was down; on feeds already up to date it waits', async () => {
    const room = await publishedNewsroom((room) => room.write('hearing.md', article(HEARING)));
    const first = startCli(['schedule', '--json'], { cwd: room.root });
    running.push(first);
    await first.waitForLine((line) => line.event === 'schedule-started');
    await sleep(1000);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.lines.filter(started)).toEqual([]);

    // Saved while no job runs: no watch sees it.
    await writeFileAtomically(
      path.join(room.articles, 'hearing.md'),
      article({
        ...HEARING,
        corrections: [{ date: '2026-01-12T09:00:00Z', text: 'The hearing resumes on 3 February, not 3 March.' }],
      }),
    );
    const second = startCli(['schedule', '--json'], { cwd: room.root });
    running.push(second);
    expect(await second.waitForLine(started, 10_000)).toMatchObject({
      run: 1,
      // The archive page holding the entry, the main feeds and the corrections feeds.
      outdated: ['archive/1.xml', 'rss.xml', 'atom.xml', 'feed.json', 'corrections.xml', 'corrections.json'],
    });
    expect(await second.waitForLine(finished, 20_000)).toMatchObject({ run: 1, outcome: 'ok', corrected: 1 });
    const feed = await parseWithFeedparser(path.join(room.out, 'atom.xml'));
    expect(feed.entries.map((entry) => [entry.id, entry.updated])).toEqual([
      ['tag:northwind,2026:hearing', '2026-01-12T09:00:00Z'],
    ]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expectRunsOneAtATime(second);
  });

  it('with an article cache it had to read again (damaged, or after an upgrade) runs at start, so the first correction reads one file', async () => {
    const room = await publishedNewsroom(async (room) => {
      for (const n of [1, 2, 3])
        await room.write(`story-${n}.md`, article({ title: `Story ${n}`, published: `2026-01-1${n}T08:00:00Z` }));
    });
    await rm(path.join(room.root, 'out.presswire', 'article-cache'), { recursive: true });
    const child = startCli(['schedule', '--json'], { cwd: room.root });
    running.push(child);
    // Nothing to publish: no feed is behind, only the cache.
    expect(await child.waitForLine(started, 10_000)).toMatchObject({ run: 1, outdated: [] });
    expect(await child.waitForLine(finished, 20_000)).toMatchObject({ run: 1, outcome: 'ok', filesWritten: 0 });
    await writeFileAtomically(
      path.join(room.articles, 'story-2.md'),
      article({
        title: 'Story 2',
        published: '2026-01-12T08:00:00Z',
        corrections: [{ date: '2026-01-20T09:00:00Z', text: 'Story 2 misspelled a name.' }],
      }),
    );
    expect(await child.waitForLine((line) => started(line) && line.run === 2, 10_000)).toMatchObject({
      changed: ['articles/story-2.md'],
    });
    expect(await child.waitForLine((line) => finished(line) && line.run === 2, 20_000)).toMatchObject({
      outcome: 'ok',
      corrected: 1,
      articlesParsed: 1,
    });
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expectRunsOneAtATime(child);
  });

  it('reads again only what the watcher reported: a file edited in place, and a folder moved in whole', async () => {
    const { room, child } = await scheduled();
    const story = (n: number, extra: object = {}) =>
      article({
        title: `Story ${n}`,
        published: `2026-01-1${n}T08:00:00Z`,
        id: `tag:northwind,2026:story-${n}`,
        ...extra,
      });
    for (const n of [1, 2, 3]) await writeFileAtomically(path.join(room.articles, 'world', `story-${n}.md`), story(n));
    let before = 0;
    const runsSoFar = () => child.lines.filter(started).length;
    // The last run of those the changes started once they have settled (a change may take more than one).
    const lastRunAfter = async (before: number): Promise<LogLine> => {
      await child.waitForLine((line) => started(line) && Number(line.run) > before, 10_000);
      for (;;) {
        const runs = runsSoFar();
        await child.waitForLine((line) => finished(line) && line.run === runs, 20_000);
        await sleep(300);
        if (runsSoFar() === runs) return child.lines.filter(finished).at(-1) as LogLine;
      }
    };
    expect(await lastRunAfter(before)).toMatchObject({ outcome: 'ok', entries: 3 });

    // An editor that writes in place (no rename): the same inode, a new size and time.
    before = runsSoFar();
    await writeFile(
      path.join(room.articles, 'world', 'story-2.md'),
      story(2, { corrections: [{ date: '2026-01-20T09:00:00Z', text: 'Story 2 misspelled a name.' }] }),
    );
    expect(await lastRunAfter(before)).toMatchObject({ outcome: 'ok', entries: 3, corrected: 1, articlesRead: 1 });

    // A folder written elsewhere and renamed into the articles folder.
    before = runsSoFar();
    const elsewhere = path.join(room.root, 'incoming');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, 'story-4.md'), story(4));
    await rename(elsewhere, path.join(room.articles, 'politics'));
    expect(await lastRunAfter(before)).toMatchObject({ outcome: 'ok', entries: 4, articlesRead: 1 });
    const feed = await parseWithFeedparser(path.join(room.out, 'atom.xml'));
    expect(feed.entries.map((entry) => entry.id).sort()).toEqual(
      [1, 2, 3, 4].map((n) => `tag:northwind,2026:story-${n}`),
    );

    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expectRunsOneAtATime(child);
  });

  it('a change saved during a run starts one more run when it ends, never a second build at once', async () => {
    const { room, child } = await scheduled();
    // Enough articles that a cold build takes a while, written in one go: one or two runs.
    for (let i = 0; i < 120; i++) {
      await room.write(
        `batch/dispatch-${i}.md`,
        article({ title: `Dispatch ${i}`, published: `2026-01-0${1 + (i % 9)}T08:00:00Z` }, 'Paragraph.\n'.repeat(200)),
      );
    }
    await child.waitForLine(started, 10_000);
    // Saved while the first run is (most likely) still going.
    await writeFileAtomically(
      path.join(room.articles, 'late.md'),
      article({ title: 'Late Dispatch', published: '2026-01-20T08:00:00Z' }),
    );
    const late = await child.waitForLine(
      (line) => started(line) && (line.changed as string[]).includes('articles/late.md'),
      20_000,
    );
    await child.waitForLine((line) => finished(line) && line.run === late.run, 30_000);
    expect(await room.read('atom.xml')).toContain('Late Dispatch');

    // Nothing changed since: no further run.
    await sleep(500);
    const runs = child.lines.filter(started).length;
    expect(runs).toBe(late.run);
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expectRunsOneAtATime(child);
  });

  it('--no-watch builds on the slots only: a saved change waits for the next slot', async () => {
    const { room, child } = await scheduled(['--no-watch']);
    expect(child.lines.find((line) => line.event === 'schedule-started')).toMatchObject({ watch: false });
    await writeFileAtomically(path.join(room.articles, 'hearing.md'), article(HEARING));
    // Far longer than a watched change takes to start a run (WATCH_SETTLE_MS, 25 ms).
    await sleep(1500);
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.lines.filter(started)).toEqual([]);
    expect(child.lines.find((line) => line.event === 'schedule-stopped')).toMatchObject({ runs: 0 });
  });
});

describe('presswire schedule watching a large archive', () => {
  /** 60 articles in three folders, published: more files than the limits below allow watches, fewer folders. */
  async function archive(): Promise<Newsroom> {
    return await publishedNewsroom(async (room) => {
      for (const desk of ['city', 'courts', 'world'])
        for (let i = 0; i < 20; i++)
          await room.write(
            `${desk}/${desk}-${i}.md`,
            article({
              title: `${desk} dispatch ${i}`,
              published: `2026-01-${String(i + 1).padStart(2, '0')}T08:00:00Z`,
            }),
          );
    });
  }

  it('holds one watch per folder: with room for 12 watches and 60 files, a correction to the last file still starts a run at once', async () => {
    const room = await archive();
    const child = startCli(['schedule', '--json'], { cwd: room.root, inotifyWatchLimit: 12 });
    running.push(child);
    await child.waitForLine((line) => line.event === 'schedule-started');

    const last = path.join(room.articles, 'world', 'world-19.md');
    await writeFileAtomically(
      last,
      article(
        {
          title: 'world dispatch 19',
          published: '2026-01-20T08:00:00Z',
          corrections: [{ date: '2026-01-21T09:00:00Z', text: 'The dispatch named the wrong district.' }],
        },
        'A paragraph of the dispatch, corrected.\n',
      ),
    );
    expect(await child.waitForLine(started, 10_000)).toMatchObject({
      run: 1,
      changed: ['articles/world/world-19.md'],
    });
    expect(await child.waitForLine(finished, 20_000)).toMatchObject({ run: 1, outcome: 'ok' });
    expect(child.lines.filter((line) => line.level === 'warning')).toEqual([]);
  });

  it('watches a folder swapped for another of the same name (the old one renamed away), and not the old one', async () => {
    const room = await archive();
    const child = startCli(['schedule', '--json'], { cwd: room.root });
    running.push(child);
    await child.waitForLine((line) => line.event === 'schedule-started');

    const incoming = path.join(room.root, 'incoming');
    await mkdir(incoming);
    await writeFile(
      path.join(incoming, 'world-20.md'),
      article({ title: 'world dispatch 20', published: '2026-02-01T08:00:00Z' }),
    );
    await rename(path.join(room.articles, 'world'), path.join(room.root, 'world-old'));
    await rename(incoming, path.join(room.articles, 'world'));
    const swapped = await child.waitForLine(started, 10_000);
    expect(swapped.changed).toContain('articles/world');
    await child.waitForLines(finished, 1, 20_000);
    await sleep(500);

    // The old folder, now outside the articles, starts nothing; the new one is watched.
    await writeFile(
      path.join(room.root, 'world-old', 'world-0.md'),
      article({ title: 'moved away', published: '2026-01-01T08:00:00Z' }),
    );
    await writeFile(
      path.join(room.articles, 'world', 'world-20.md'),
      article({ title: 'world dispatch 20', published: '2026-02-01T08:00:00Z' }, 'Corrected in place.\n'),
    );
    const runs = child.lines.filter(started).length;
    const edited = await child.waitForLine((line) => started(line) && Number(line.run) > runs, 10_000);
    expect(edited.changed).toEqual(['articles/world/world-20.md']);
  });

  it('says so when the system has no watch left, and keeps its slots', async () => {
    const room = await archive();
    const child = startCli(['schedule', '--json'], { cwd: room.root, inotifyWatchLimit: 2 });
    running.push(child);
    const warning = await child.waitForLine((line) => line.level === 'warning');
    expect(warning.message).toBe(
      "stopped watching articles/ (the system's limit on file watches is reached (fs.inotify.max_user_watches; " +
        'presswire holds one per folder): raise it, e.g. `sysctl fs.inotify.max_user_watches=524288`); ' +
        'saved changes are published at the next slot ("0 0 1 1 *")',
    );
    // The start line does not claim a watch that could not start.
    expect(await child.waitForLine((line) => line.event === 'schedule-started')).toMatchObject({ watch: false });
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.lines.find((line) => line.event === 'schedule-stopped')).toMatchObject({ runs: 0 });
  });
});
