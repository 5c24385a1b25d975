import { cp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyStoreFolder, readStoredBody, writePacks, type StoredBody } from '../src/render/body-store.js';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, parseWithFeedparser } from './support/validators.js';

/**
 * docs/architecture.md, "How presswire decides what to rebuild": what presswire skips on a
 * rebuild (articles whose files did not change, feeds whose fingerprints did not move) must
 * never change what it publishes. After every incremental build, a build of the same articles
 * and the same history WITHOUT the caches (article-cache/, bodies/, outputs.json) into a fresh
 * folder must give byte-identical feeds. 80 articles, so the parallel (worker-thread) path
 * runs, not only the inline one.
 */

const NOW = '2026-11-28T00:00:00Z';
const COUNT = 80;
let newsroom: Newsroom;

const body = (n: number) =>
  `## Finding ${n}\n\nParagraph ${n} with [a link](../related-${n % 7}/) and **emphasis**.\n\n> "Quoted testimony ${n}," said a witness.\n\n- item one\n- item two\n`;
const dispatch = (n: number, extra: Record<string, unknown> = {}) =>
  article(
    {
      title: `Dispatch ${n}`,
      dek: `Summary of dispatch ${n}`,
      published: `20${String(10 + (n % 16)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}T08:00:00Z`,
      authors: `Reporter ${n % 5}`,
      section: ['Asia', 'Africa', 'Europe'][n % 3],
      tags: [`Tag ${n % 4}`],
      ...extra,
    },
    body(n),
  );

async function build(out: string, extra: string[] = []) {
  const result = await runCli(['build', '--out', out, '--json', ...extra], {
    cwd: newsroom.root,
    env: { PRESSWIRE_NOW: NOW },
  });
  const finish = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number | string>;
  return { ...result, finish };
}

/** Every file under a folder, relative path → bytes (as text). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const entries = await Promise.all(
    files.map(async (e) => {
      const file = path.join(e.parentPath, e.name);
      return [path.relative(dir, file), await readFile(file, 'utf8')] as const;
    }),
  );
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A build of the same articles and history, with no cache: into a fresh folder, state copied without the caches. */
async function cleanBuildMatches(label: string) {
  const out = path.join(newsroom.root, 'out');
  const clean = path.join(newsroom.root, `clean-${label}`);
  await cp(`${out}.presswire`, `${clean}.presswire`, { recursive: true });
  await rm(path.join(`${clean}.presswire`, 'article-cache'), { recursive: true });
  await rm(path.join(`${clean}.presswire`, 'bodies'), { recursive: true, force: true });
  await unlink(path.join(`${clean}.presswire`, 'outputs.json'));
  const result = await build(clean);
  expect(result.code).toBe(0);
  expect(result.finish.articlesParsed).toBe(result.finish.articles);
  const [incremental, fresh] = [await snapshot(out), await snapshot(clean)];
  expect([...fresh.keys()]).toEqual([...incremental.keys()]);
  for (const [file, bytes] of incremental) expect(fresh.get(file), `${label}: ${file}`).toBe(bytes);
  await rm(clean, { recursive: true, force: true });
  await rm(`${clean}.presswire`, { recursive: true, force: true });
}

/**
 * An article-cache shard as stored (load/article-cache.ts): records are tuples, the body
 * reference `[pack index, offset, length, sha256]` at index 3 (0 when none).
 */
type Shard = {
  packs: string[];
  records: Record<string, [number, number, string, [number, number, number, string] | 0]>;
};

function bodyOf(shard: Shard, sourcePath: string): StoredBody | undefined {
  const body = shard.records[sourcePath]?.[3];
  if (!body) return undefined;
  return { pack: shard.packs[body[0]] as string, offset: body[1], length: body[2], sha256: body[3] };
}

/** Every article-cache record's stored body, by source path, and the packs on disk. */
async function storeIndex(stateDir: string) {
  const refs = new Map<string, StoredBody>();
  const folder = path.join(stateDir, 'article-cache');
  for (const name of await readdir(folder)) {
    const shard = JSON.parse(await readFile(path.join(folder, name), 'utf8')) as Shard;
    for (const sourcePath of Object.keys(shard.records)) {
      const body = bodyOf(shard, sourcePath);
      if (body) refs.set(sourcePath, body);
    }
  }
  const packs = (await readdir(bodyStoreFolder(stateDir))).filter((name) => name.endsWith('.pack')).sort();
  return { refs, packs, referenced: [...new Set([...refs.values()].map((ref) => ref.pack))].sort() };
}

beforeAll(async () => {
  newsroom = await makeNewsroom();
  for (let n = 0; n < COUNT; n++) await newsroom.write(`${2010 + (n % 16)}/dispatch-${n}.md`, dispatch(n));
});
afterAll(() => newsroom.remove());

describe('incremental rebuilds publish exactly what a clean build publishes', () => {
  it('cold build, then a clean build without caches: identical', async () => {
    const cold = await build(newsroom.out);
    expect(cold.code).toBe(0);
    expect(cold.finish).toMatchObject({ articles: COUNT, articlesRead: COUNT, articlesParsed: COUNT, entries: 50 });
    await cleanBuildMatches('cold');
  });

  it('a no-op rebuild reads no article and writes nothing', async () => {
    const noop = await build(newsroom.out);
    expect(noop.code).toBe(0);
    expect(noop.finish).toMatchObject({ articlesRead: 0, articlesParsed: 0, filesWritten: 0 });
  });

  it('added, edited with a correction, corrected, withdrawn and deleted articles: only those are parsed, and the result is identical', async () => {
    await newsroom.write('2026/new-a.md', dispatch(900, { published: '2026-11-20T08:00:00Z' }));
    await newsroom.write('2026/new-b.md', dispatch(901, { published: '2026-11-21T08:00:00Z' }));
    const correction = {
      date: '2026-11-27T10:00:00Z',
      text: 'An earlier version of this dispatch misnamed the district.',
    };
    await newsroom.write(
      '2013/dispatch-3.md',
      dispatch(3, { corrections: [correction] }).replace('Paragraph 3', 'Paragraph three'),
    );
    await newsroom.write('2014/dispatch-4.md', dispatch(4, { corrections: [correction] }));
    await newsroom.write('2015/dispatch-5.md', dispatch(5, { status: 'withdrawn' }));
    await rm(path.join(newsroom.articles, '2016/dispatch-6.md'));

    const next = await build(newsroom.out);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.finish).toMatchObject({ articles: COUNT + 1, articlesRead: 5, articlesParsed: 5, withdrawn: 1 });

    const atom = await parseWithFeedparser(path.join(newsroom.out, 'atom.xml'));
    expect(atom.bozo).toBe(false);
    expect(atom.entries.slice(0, 2).map((e) => e.title)).toEqual(['Dispatch 3', 'Dispatch 4']); // corrected: newest modified
    expect(atom.entries.find((e) => e.title === 'Dispatch 3')?.content[0]?.value).toContain('Paragraph three');
    expect(await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });

    // The body store keeps one body per published article, and no pack that no record
    // points into: those that held only the earlier bodies of the edited, corrected,
    // withdrawn and deleted files are gone.
    const index = await storeIndex(`${newsroom.out}.presswire`);
    expect(index.refs.size).toBe(COUNT + 2 - 1 - 1);
    expect(index.packs).toEqual(index.referenced);

    await cleanBuildMatches('changed');
  });
});

describe('the body store (rendered bodies kept between builds)', () => {
  const state = () => `${newsroom.out}.presswire`;
  const correct = async (n: number) =>
    newsroom.write(
      `${2010 + (n % 16)}/dispatch-${n}.md`,
      dispatch(n, { corrections: [{ date: `2026-11-27T1${n % 10}:00:00Z`, text: `Correction of dispatch ${n}.` }] }),
    );
  /** The article cache's shard file holding dispatch n, and its parsed content. */
  const shardOf = async (n: number) => {
    const folder = path.join(state(), 'article-cache');
    for (const name of await readdir(folder)) {
      const file = path.join(folder, name);
      const shard = JSON.parse(await readFile(file, 'utf8')) as Shard;
      if (shard.records[`${2010 + (n % 16)}/dispatch-${n}.md`]) return { file, shard };
    }
    throw new Error(`no cache record for dispatch ${n}`);
  };
  const bodyRef = async (n: number) => {
    const { shard } = await shardOf(n);
    const ref = bodyOf(shard, `${2010 + (n % 16)}/dispatch-${n}.md`);
    expect(ref).toBeDefined();
    return ref as StoredBody;
  };
  const contentOf = async (n: number) => {
    const feed = JSON.parse(await newsroom.read('feed.json')) as { items: { title: string; content_html: string }[] };
    return feed.items.find((item) => item.title === `Dispatch ${n}`)?.content_html ?? '';
  };

  it('keeps one body per published article in packs, every pack pointed into by the cache', async () => {
    const index = await storeIndex(state());
    expect(index.refs.size).toBe(COUNT);
    expect(index.packs).toEqual(index.referenced);
    expect(index.packs.length).toBeLessThan(COUNT / 2); // packs, not a file per body
    expect(readStoredBody(bodyStoreFolder(state()), await bodyRef(3))).toContain('Paragraph three');
  });

  it('a rewritten feed takes the bodies of unchanged articles from the store, not from their Markdown', async () => {
    // Dispatch 3 is in the main window and stays unchanged; rewriting the window (another
    // article corrected) must read its body back from the store. A body with a marker,
    // stored where the cache says dispatch 3's body is, shows that the store was read.
    const original = readStoredBody(bodyStoreFolder(state()), await bodyRef(3)) as string;
    const [planted] = (
      await writePacks(bodyStoreFolder(state()), [{ id: 'x', html: `${original}<p>FROM THE STORE</p>` }])
    ).values();
    const { file, shard } = await shardOf(3);
    const { pack, offset, length, sha256 } = planted as StoredBody;
    (shard.records['2013/dispatch-3.md'] as Shard['records'][string])[3] = [
      shard.packs.push(pack) - 1,
      offset,
      length,
      sha256,
    ];
    await writeFile(file, JSON.stringify(shard));
    await correct(10);
    const next = await build(newsroom.out);
    expect(next.finish).toMatchObject({ articlesRead: 1, articlesParsed: 1 });
    expect(await contentOf(3)).toContain('<p>FROM THE STORE</p>');
  });

  it('a damaged stored body is rendered again and stored again: the feeds equal a clean build', async () => {
    const ref = await bodyRef(3);
    const pack = path.join(bodyStoreFolder(state()), ref.pack);
    const bytes = await readFile(pack);
    bytes.write('TORN', ref.offset + 10);
    await writeFile(pack, bytes);
    expect(readStoredBody(bodyStoreFolder(state()), ref)).toBeUndefined();
    // Every feed is serialized again (no fingerprints), so none keeps the earlier marker.
    await unlink(path.join(state(), 'outputs.json'));
    await correct(11);
    const next = await build(newsroom.out);
    expect(next.code).toBe(0);
    expect(await contentOf(3)).not.toContain('FROM THE STORE');
    expect(await contentOf(3)).toContain('Paragraph three');
    // Rendered again, and stored again where the cache now points.
    const repaired = await bodyRef(3);
    expect(repaired.pack).not.toBe(ref.pack);
    expect(readStoredBody(bodyStoreFolder(state()), repaired)).toContain('Paragraph three');
    await cleanBuildMatches('damaged-store');
  });

  it('a pack more than half dead has its live bodies moved to a new pack, and is removed', async () => {
    const { refs } = await storeIndex(state());
    const members = new Map<string, string[]>();
    for (const [sourcePath, ref] of refs) members.set(ref.pack, [...(members.get(ref.pack) ?? []), sourcePath]);
    const [pack, articles] = [...members].find(([, paths]) => paths.length >= 3) ?? [];
    expect(articles).toBeDefined();
    // Edit all but one of its articles: most of the pack is dead.
    const [survivor, ...edited] = articles as string[];
    for (const sourcePath of edited) {
      const n = Number(/dispatch-(\d+)/.exec(sourcePath)?.[1]);
      await newsroom.write(sourcePath, dispatch(n).replace(`Paragraph ${n}`, `Paragraph no. ${n}`));
    }
    const next = await build(newsroom.out);
    expect(next.code).toBe(0);
    const after = await storeIndex(state());
    expect(after.packs).not.toContain(pack);
    expect(after.packs).toEqual(after.referenced);
    // The survivor's body moved and reads back; the edited ones are their new bodies.
    const moved = after.refs.get(survivor as string) as StoredBody;
    expect(moved.pack).not.toBe(pack);
    expect(readStoredBody(bodyStoreFolder(state()), moved)).toContain('<h2>Finding');
    for (const sourcePath of edited)
      expect(readStoredBody(bodyStoreFolder(state()), after.refs.get(sourcePath) as StoredBody)).toContain(
        'Paragraph no.',
      );
    await cleanBuildMatches('compacted');
  });
});
