import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { writeCorpus, writeFileAtomically } from './support/corpus.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { childProcessesOf, pollUntil, sleep, startCli, type LogLine, type RunningCli } from './support/processes.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser } from './support/validators.js';

/**
 * `presswire schedule` (SPEC §4) as a real long-running process: a cron slot every
 * second, real files, real signals. Log lines are read from `--json` output as they come.
 */

// Slots only: these tests count runs, and the articles they write must not start runs of their own.
const EVERY_SECOND = { schedule: { cron: '* * * * * *', watch: false } };
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

const running: RunningCli[] = [];
const rooms: Newsroom[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => child.kill()));
});
afterAll(async () => {
  await Promise.all(rooms.map((room) => room.remove()));
});

async function newsroom(): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await room.writeConfig(EVERY_SECOND);
  return room;
}

function schedule(room: Newsroom, env: Record<string, string> = {}): RunningCli {
  const child = startCli(['schedule', '--json'], { cwd: room.root, env });
  running.push(child);
  return child;
}

const finished = (line: LogLine) => line.event === 'run-finished';
const started = (line: LogLine) => line.event === 'run-started';
const runEvents = (child: RunningCli) => child.lines.filter((line) => started(line) || finished(line));

async function expectValidFeeds(out: string, entries: number): Promise<void> {
  for (const name of ['rss.xml', 'atom.xml']) {
    const parsed = await parseWithFeedparser(path.join(out, name));
    expect(parsed.bozo, `${name}: ${parsed.bozo_exception}`).toBe(false);
    expect(parsed.entries).toHaveLength(entries);
  }
  expect(await checkAtomRfc4287(path.join(out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
  expect(await checkJsonFeed11(path.join(out, 'feed.json'))).toEqual({ ok: true, errors: [] });
}

async function expectNoLockNorLeftovers(out: string): Promise<void> {
  expect(await exists(`${out}.lock`)).toBe(false);
  expect(await exists(`${out}.lock.holder.json`)).toBe(false);
  expect((await readdir(out, { recursive: true })).filter((name) => name.endsWith('.presswire-tmp'))).toEqual([]);
}

describe('presswire schedule, small newsroom', () => {
  it('builds on every slot, and an embargo two seconds ahead appears in the first run at or after it', async () => {
    const room = await newsroom();
    await room.write('hearing.md', article({ title: 'Hearing Adjourned', published: '2026-01-10T08:00:00Z' }));
    const child = schedule(room);
    await child.waitForLine((line) => finished(line) && line.outcome === 'ok');

    // Released at the second boundary two seconds from now; written whole, by rename.
    const embargo = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    await writeFileAtomically(
      path.join(room.articles, 'verdict.md'),
      article({
        title: 'Tribunal Verdict',
        published: '2026-01-11T08:00:00Z',
        embargo: new Date(embargo).toISOString(),
      }),
    );
    const writtenAt = Date.now();
    const release = await child.waitForLine(
      (line) => started(line) && Date.parse(line.buildTime as string) >= embargo,
      20_000,
    );
    await child.waitForLine((line) => finished(line) && line.run === release.run, 20_000);
    expect(await room.read('atom.xml')).toContain('Tribunal Verdict');

    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });

    // One start and one end line per run, in order, numbered 1, 2, 3, …, every one ok.
    const events = runEvents(child);
    const runs = events.filter(started).map((line) => line.run);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs).toEqual(runs.map((_, i) => i + 1));
    expect(events.map((line) => `${line.event} ${line.run}`)).toEqual(
      runs.flatMap((run) => [`run-started ${run}`, `run-finished ${run}`]),
    );
    expect(events.filter(finished).map((line) => line.outcome)).toEqual(runs.map(() => 'ok'));
    // Each slot is a whole second, one after the other.
    const slots = events.filter(started).map((line) => Date.parse(line.slot as string));
    for (const slot of slots) expect(slot % 1000).toBe(0);
    for (let i = 1; i < slots.length; i++) expect(slots[i]).toBeGreaterThan(slots[i - 1]!);

    // The end line carries what a log shipper needs.
    const end = events.find(finished)!;
    expect(Object.keys(end)).toEqual(
      expect.arrayContaining([
        'time',
        'durationMs',
        'entries',
        'corrected',
        'withdrawn',
        'skipped',
        'errors',
        'filesWritten',
        'filesUnchanged',
      ]),
    );

    // Every run that started after the article was written: held before the instant, in from the first run at or after it.
    const startLines = events.filter(started);
    const entriesOf = (run: number | undefined) => events.find((line) => finished(line) && line.run === run)!.entries;
    const after = startLines.filter((line) => Date.parse(line.buildTime as string) > writtenAt);
    expect(after.length).toBeGreaterThanOrEqual(1);
    for (const line of after) {
      expect(entriesOf(line.run), `run ${line.run} at ${String(line.buildTime)}`).toBe(
        Date.parse(line.buildTime as string) >= embargo ? 2 : 1,
      );
    }
    expect(entriesOf(release.run)).toBe(2);
    expect(
      startLines
        .filter((line) => line.run! < release.run!)
        .every((line) => Date.parse(line.buildTime as string) < embargo),
    ).toBe(true);
  });

  it('logs a failed run with its diagnostics and goes on; an exception or a held lock in a run does not stop it', async () => {
    const room = await newsroom();
    await room.write('hearing.md', article({ title: 'Hearing Adjourned', published: '2026-01-10T08:00:00Z' }));
    await room.write('broken.md', article({ title: 'Broken', published: 'last Tuesday' }));
    const child = schedule(room);

    // Article errors: the run fails, its diagnostics are logged, the good article is published.
    const failed = await child.waitForLine((line) => finished(line) && line.outcome === 'failed');
    const diagnostic = child.lines.find((line) => line.event === 'diagnostic')!;
    expect(diagnostic).toMatchObject({ level: 'error', file: 'articles/broken.md', key: 'published' });
    expect(child.lines.indexOf(diagnostic)).toBeLessThan(child.lines.indexOf(failed));
    expect(failed).toMatchObject({ entries: 1, failed: 1, errors: 1 });
    await rm(path.join(room.articles, 'broken.md'));

    // An exception inside a run (the state file is a folder: no fallback reads that).
    const stateFile = path.join(`${room.out}.presswire`, 'state.json');
    await rm(stateFile);
    await mkdir(stateFile);
    const error = await child.waitForLine((line) => finished(line) && line.outcome === 'error');
    expect(error.message).toContain('EISDIR');
    expect(error.exitCode).toBe(70);
    await rm(stateFile, { recursive: true });

    // The lock held by another live process (this test runner).
    await mkdir(`${room.out}.lock`);
    await writeFile(
      `${room.out}.lock.holder.json`,
      JSON.stringify({ pid: process.pid, host: hostname(), command: 'build', since: '2026-01-01T00:00:00.000Z' }),
    );
    const locked = await child.waitForLine((line) => finished(line) && line.outcome === 'locked');
    expect(locked.message).toContain(
      `another build holds the lock: pid ${process.pid} on ${hostname()} (presswire build, since 2026-01-01T00:00:00.000Z)`,
    );
    expect(locked.exitCode).toBe(3);
    await rm(`${room.out}.lock`, { recursive: true });
    await rm(`${room.out}.lock.holder.json`);

    // And on it goes.
    const ok = await child.waitForLine((line) => finished(line) && line.outcome === 'ok' && line.run! > locked.run!);
    expect(ok.entries).toBe(1);
    child.child.kill('SIGINT');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stderr()).toBe('');
  });

  it('refuses an invalid cron expression at start, with the config exit code', async () => {
    const room = await newsroom();
    await room.writeConfig({ schedule: { cron: 'every minute' } });
    const result = await runCli(['schedule'], { cwd: room.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'presswire: presswire.config.json: schedule.cron: expected a cron expression (5 fields, or 6 with seconds first) but received "every minute" (2 fields)\n',
    );
  });
});

describe('presswire schedule, a build that takes seconds', () => {
  let room: Newsroom;
  beforeAll(async () => {
    room = await newsroom();
    await writeCorpus(room.articles, { count: 500 });
    // Published once, so every test below starts with feeds in out/ for a run to replace.
    const first = await runCli(['build'], { cwd: room.root });
    expect(first.code, first.stderr).toBe(0);
  }, 120_000);

  it('never overlaps a slow run: the slots that come during it are skipped and logged', async () => {
    // A first run into an empty output folder (no state, no cached articles, six lead
    // images to encode) takes seconds: a slot comes every second.
    await writeCorpus(room.articles, { count: 500, images: 6 });
    const out = path.join(room.root, 'out-cold');
    const child = startCli(['schedule', '--json', '--out', out], { cwd: room.root });
    running.push(child);
    await child.waitForLines(finished, 2, 110_000);
    // The first run encoded renditions: the helper that flushed them is gone with its stage,
    // not left behind by each run of a long-lived job.
    expect(await childProcessesOf(child.child.pid as number)).toEqual([]);
    child.child.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);

    const events = runEvents(child);
    const runs = events.filter(started).map((line) => line.run);
    // Strictly alternating: no run starts before the previous one ended.
    expect(events.map((line) => `${line.event} ${line.run}`)).toEqual(
      runs.flatMap((run) => [`run-started ${run}`, `run-finished ${run}`]),
    );
    for (const line of events.filter(finished)) expect(line.outcome).toBe('ok');
    const first = events.find(finished)!;
    expect(first.durationMs as number).toBeGreaterThan(1000);
    // Every slot inside the first run was skipped and logged (as an overlap, or as missed
    // when the process was too busy to look at that very moment).
    const firstStart = Date.parse(events.find(started)!.time);
    const firstEnd = Date.parse(first.time);
    const skipped = child.lines.filter((line) => line.event === 'run-skipped');
    const during = skipped.filter(
      (line) => Date.parse(line.slot as string) > firstStart && Date.parse(line.slot as string) < firstEnd,
    );
    expect(during.length).toBeGreaterThanOrEqual(Math.floor((firstEnd - firstStart) / 1000) - 1);
    expect(during.length).toBeGreaterThanOrEqual(1);
    for (const line of skipped) {
      if (line.reason === 'overlap') expect(line.message).toMatch(/^run \d+ \(started .+\) is still going$/);
      else expect(line).toMatchObject({ reason: 'missed', message: 'the process was busy or asleep at that time' });
    }
    await expectValidFeeds(out, 50);
  }, 120_000);

  it('SIGTERM during a run: it stops at a safe point, exits 0, out/ valid, no lock left', async () => {
    await writeCorpus(room.articles, { count: 500, variant: 1 });
    const child = schedule(room);
    const run = await child.waitForLine(started, 30_000);
    await sleep(400);
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });

    const end = child.lines.find((line) => finished(line) && line.run === run.run)!;
    expect(end).toMatchObject({ outcome: 'interrupted', exitCode: 0 });
    expect(end.message).toMatch(/^stopped by SIGTERM at a safe point/);
    expect(child.lines.at(-1)).toMatchObject({ event: 'schedule-stopped' });
    expect(child.lines.filter(started)).toHaveLength(1);
    await expectNoLockNorLeftovers(room.out);
    await expectValidFeeds(room.out, 50);
    const status = JSON.parse(await readFile(`${room.out}.presswire/status.json`, 'utf8')) as Record<string, unknown>;
    expect(status).toMatchObject({ running: false, command: 'schedule', outcome: 'interrupted', exitCode: 130 });
  });

  it('presswire build stops at a safe point on SIGTERM too: exit 130, out/ valid, no lock left', async () => {
    await writeCorpus(room.articles, { count: 500, variant: 3 });
    const child = startCli(['build', '--json'], { cwd: room.root });
    running.push(child);
    await pollUntil(() => exists(`${room.out}.lock.holder.json`), 30_000, 'the build taking the lock');
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 130, signal: null });
    expect(child.lines.at(-1)).toMatchObject({ event: 'fatal', exitCode: 130 });
    expect(child.lines.at(-1)!.message).toMatch(/^stopped by SIGTERM at a safe point/);
    await expectNoLockNorLeftovers(room.out);
    await expectValidFeeds(room.out, 50);
    const status = JSON.parse(await readFile(`${room.out}.presswire/status.json`, 'utf8')) as Record<string, unknown>;
    expect(status).toMatchObject({ running: false, command: 'build', outcome: 'interrupted', exitCode: 130 });
  });

  it('a second signal stops at once, still leaving out/ valid and no lock', async () => {
    // New lead images: the run spends a while encoding renditions, a stretch with no safe
    // point in it, so the second signal comes before the first one could be honoured.
    await writeCorpus(room.articles, { count: 500, images: 8, variant: 2 });
    const child = schedule(room);
    await child.waitForLine(started, 30_000);
    await pollUntil(
      async () => (await readdir(path.join(room.out, 'images')).catch(() => [])).length > 0,
      60_000,
      'the first rendition',
    );
    child.child.kill('SIGINT');
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 130, signal: null });
    // Sent back to back, the two signals may be taken in either order.
    const [stopping, fatal] = child.lines.slice(-2);
    const first = stopping?.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    const second = first === 'SIGINT' ? 'SIGTERM' : 'SIGINT';
    expect(stopping).toMatchObject({ event: 'stopping', signal: first });
    expect(fatal).toMatchObject({
      event: 'fatal',
      message: `${second} received again; stopping at once`,
      exitCode: 130,
    });
    await expectNoLockNorLeftovers(room.out);
    await expectValidFeeds(room.out, 50);
  });
});
