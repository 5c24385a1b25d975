import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { copyTree, snapshot, writeCorpus } from './support/corpus.js';
import { makeNewsroom, type Newsroom } from './support/newsroom.js';
import { sleep, startCli } from './support/processes.js';
import { checkAtomRfc4287, checkJsonFeed11, checkWellFormedXml, parseWithFeedparser } from './support/validators.js';

/**
 * Crash safety (SPEC §5): a build of a generated corpus, SIGKILLed at moments
 * spread over its run. After every kill, every feed in out/ parses with the independent
 * parsers and every image it references is there; the next build completes and its output
 * is byte-identical to that of a build that was never interrupted. PRESSWIRE_NOW is pinned
 * for all of them.
 *
 * Every build starts from the same published newsroom (version 1 built), with the
 * articles moved to version 2 (corrections on every tenth article, a new lead image), so
 * the killed build has renditions, feeds and state to replace.
 */

const NOW_1 = '2026-07-01T00:00:00Z';
const NOW_2 = '2026-07-02T00:00:00Z';
const ENV = { PRESSWIRE_LOCK_STALE_MS: '2000' };

/**
 * The moments, in the order a build reaches them. Each is "as soon as the test sees this
 * on disk" (polled every 5 ms), so they land in the same phase however loaded the machine
 * is, where fractions of a measured duration would drift.
 */
interface Moment {
  name: string;
  /** `elapsed`: ms since the build was spawned; `before`: result() of the published newsroom. */
  reached(root: string, before: Record<string, string>, elapsed: number): Promise<boolean> | boolean;
}
const MOMENTS: Moment[] = [
  { name: 'while Node starts (after 300 ms)', reached: (_root, _before, elapsed) => elapsed >= 300 },
  {
    name: 'just after it took the lock (reading articles)',
    reached: (root) => exists(path.join(root, 'out.lock.holder.json')),
  },
  {
    name: 'when the first new rendition appeared',
    // Published names only: the hidden ones are renditions still being written.
    reached: async (root, before) =>
      (await readdir(path.join(root, 'out/images')).catch(() => [])).filter((name) => !name.startsWith('.')).length >
      countImages(before),
  },
  {
    // Dozens of feed files, archive pages and the index follow: this lands in the middle of publishing.
    name: 'when the first feed file was replaced',
    reached: async (root) => {
      for (const [name, mtime] of publishedMtimes) {
        const now = await stat(path.join(root, name)).then(
          (s) => s.mtimeMs,
          () => mtime,
        );
        if (now !== mtime) return true;
      }
      return false;
    },
  },
  {
    name: 'when state.json was replaced',
    reached: async (root, before) =>
      (await hashOf(path.join(root, 'out.presswire/state.json'))) !== before['state.json'],
  },
];
const SITE = 'https://news.northwind-rights.example/';

/** mtime of every published file but the renditions in the copy about to be built, before the build. */
let publishedMtimes = new Map<string, number>();

async function mtimesOf(root: string): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const name of await readdir(path.join(root, 'out'), { recursive: true })) {
    const info = await stat(path.join(root, 'out', name));
    if (info.isFile() && !name.startsWith('images')) result.set(path.join('out', name), info.mtimeMs);
  }
  return result;
}

let base: Newsroom;
const copies: string[] = [];

beforeAll(async () => {
  base = await makeNewsroom();
  await writeCorpus(base.articles, { count: 500, images: 2, variant: 0 });
  const first = await build(base.root, NOW_1);
  expect(first.code, first.stderr).toBe(0);
  await writeCorpus(base.articles, { count: 500, images: 3, variant: 1 });
}, 120_000);

afterAll(async () => {
  await base.remove();
  await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
});

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
const countImages = (files: Record<string, string>) =>
  Object.keys(files).filter((name) => name.startsWith('out/images/')).length;
async function hashOf(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing';
}

function build(root: string, now: string) {
  return runCli(['build', '--articles', 'articles', '--out', 'out'], {
    cwd: root,
    env: { PRESSWIRE_NOW: now, ...ENV },
  });
}

async function copyOfBase(name: string): Promise<string> {
  const root = `${base.root}-${name}`;
  copies.push(root);
  await copyTree(base.root, root);
  return root;
}

/** What a build leaves behind that must match: all of out/, and the state (not the status, which holds wall-clock times). */
async function result(root: string): Promise<Record<string, string>> {
  const out = await snapshot(path.join(root, 'out'));
  const state = await snapshot(path.join(root, 'out.presswire'));
  return {
    ...Object.fromEntries(Object.entries(out).map(([name, hash]) => [`out/${name}`, hash])),
    'state.json': state['state.json'] ?? 'missing',
    'last-good.json': state['last-good.json'] ?? 'missing',
  };
}

/** Every feed parses with the independent parsers, and every image it references is published. */
async function expectValidOut(out: string, moment: string): Promise<void> {
  for (const name of ['rss.xml', 'atom.xml']) {
    const file = path.join(out, name);
    expect(await checkWellFormedXml(file), `${moment}: ${name}`).toEqual({ ok: true, errors: [] });
    const parsed = await parseWithFeedparser(file);
    expect(parsed.bozo, `${moment}: ${name}: ${parsed.bozo_exception}`).toBe(false);
    expect(parsed.entries, `${moment}: ${name}`).toHaveLength(50);
  }
  expect(await checkAtomRfc4287(path.join(out, 'atom.xml')), `${moment}: atom.xml`).toEqual({ ok: true, errors: [] });
  expect(await checkJsonFeed11(path.join(out, 'feed.json')), `${moment}: feed.json`).toEqual({ ok: true, errors: [] });
  for (const name of ['rss.xml', 'atom.xml', 'feed.json']) {
    const text = await readFile(path.join(out, name), 'utf8');
    const references = new Set(
      [...text.matchAll(/https:\/\/news\.northwind-rights\.example\/(images\/[\w.-]+)/g)].map((m) => m[1]!),
    );
    for (const reference of references) {
      const present = await stat(path.join(out, reference)).then(
        (s) => s.isFile(),
        () => false,
      );
      expect(present, `${moment}: ${name} references ${SITE}${reference}, which is not in out/`).toBe(true);
    }
  }
}

describe('crash safety', () => {
  it('SIGKILL at moments spread over a build: out/ stays valid, and the next build equals an uninterrupted one', async () => {
    // The uninterrupted build.
    const reference = await copyOfBase('reference');
    const uninterrupted = await build(reference, NOW_2);
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const expected = await result(reference);
    expect(Object.keys(expected).filter((name) => name.startsWith('out/images/')).length).toBeGreaterThan(0);
    await expectValidOut(path.join(reference, 'out'), 'uninterrupted');

    const before = await result(base.root);
    const interrupted: string[] = [];
    for (const [index, moment] of MOMENTS.entries()) {
      const root = await copyOfBase(`kill-${index}`);
      publishedMtimes = await mtimesOf(root);
      const child = startCli(['build', '--articles', 'articles', '--out', 'out'], {
        cwd: root,
        env: { PRESSWIRE_NOW: NOW_2, ...ENV },
      });
      const spawned = Date.now();
      let running = true;
      void child.exited.then(() => (running = false));
      while (running && !(await moment.reached(root, before, Date.now() - spawned))) await sleep(5);
      child.child.kill('SIGKILL');
      const exit = await child.exited;
      if (exit.signal !== 'SIGKILL') continue; // it finished before this moment came: nothing to check
      interrupted.push(moment.name);

      await expectValidOut(path.join(root, 'out'), moment.name);

      const next = await build(root, NOW_2);
      expect(next.code, `${moment.name}: ${next.stderr}`).toBe(0);
      expect(await result(root), moment.name).toEqual(expected);
    }
    // Every moment up to the middle of publishing is always reached before the build ends;
    // the last one only if the build was still running when the poll saw it (usually: the
    // last-good entries, the status and the unlock follow).
    expect(interrupted.slice(0, 4)).toEqual(MOMENTS.slice(0, 4).map((m) => m.name));
  }, 300_000);
});
