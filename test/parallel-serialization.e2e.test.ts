import { createHash } from 'node:crypto';
import { readdir, readFile, rename, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, parseWithFeedparser } from './support/validators.js';

/**
 * Newsroom scale: when a build writes feeds holding 2,000 entries or more, they are serialized on
 * worker threads (src/workers/feed-pool.ts); smaller rewrites are serialized on the main
 * thread. The bytes must not depend on where they were made: 2,000 articles built at once
 * (worker threads) must give exactly the files that the same articles give when they
 * arrive in two builds of 1,000 (each under the threshold, so main thread).
 *
 * A rewrite of archived articles (their feeds gone from out/) finds their bodies in the
 * body store, and the threads read them from there themselves: same bytes again, and
 * still the same when a pack is damaged (that feed is then serialized on the main thread,
 * which renders the lost bodies again from their articles).
 */

const NOW = '2026-11-28T00:00:00Z';
const COUNT = 2_000;
let newsroom: Newsroom;
let atOnce: CliResult;

const name = (n: number) => `${2000 + Math.floor(n / 100)}/item-${String(n).padStart(4, '0')}.md`;
const item = (n: number) =>
  article(
    {
      title: `Item ${n} & <more>`,
      dek: `Summary ${n}`,
      // In publication order: the second thousand is newer than the first.
      published: new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString(),
      section: ['Asia', 'Africa'][n % 2],
    },
    `Paragraph ${n} with *emphasis* and [a link](https://example.org/${n}).\n`,
  );

async function build(out: string): Promise<CliResult> {
  return runCli(['build', '--out', out, '--json'], {
    cwd: newsroom.root,
    env: { PRESSWIRE_NOW: NOW },
    timeoutMs: 120_000,
  });
}

/** Every file under a folder, relative path → text. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const out = new Map<string, string>();
  for (const e of files) {
    const file = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, file), await readFile(file, 'utf8'));
  }
  return out;
}

beforeAll(async () => {
  newsroom = await makeNewsroom();
  for (let n = 0; n < COUNT; n++) await newsroom.write(name(n), item(n));
  atOnce = await build(path.join(newsroom.root, 'at-once'));
}, 180_000);
afterAll(() => newsroom.remove());

describe('feeds serialized on worker threads', () => {
  it('are valid and complete: 2,000 entries over the archive pages, which a feed parser and the Atom schema accept', async () => {
    expect(atOnce.code).toBe(0);
    const finish = JSON.parse(atOnce.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    expect(finish.articles).toBe(COUNT);
    const pages = (await readdir(path.join(newsroom.root, 'at-once', 'archive'))).sort(
      (a, b) => parseInt(a, 10) - parseInt(b, 10),
    );
    expect(pages.length).toBeGreaterThanOrEqual(COUNT / 100);
    const titles: string[] = [];
    for (const page of pages) {
      const file = path.join(newsroom.root, 'at-once', 'archive', page);
      const parsed = await parseWithFeedparser(file);
      expect(parsed.bozo).toBe(false);
      titles.push(...parsed.entries.map((e) => e.title ?? ''));
    }
    expect(await checkAtomRfc4287(path.join(newsroom.root, 'at-once', 'archive', pages.at(-2) ?? ''))).toEqual({
      ok: true,
      errors: [],
    });
    expect(new Set(titles).size).toBe(COUNT);
    expect(titles).toContain('Item 1999 & <more>');
  });

  it('are recorded with the SHA-256 of the bytes in out/, hashed by the threads', async () => {
    const out = path.join(newsroom.root, 'at-once');
    const { files } = JSON.parse(await readFile(path.join(`${out}.presswire`, 'published.json'), 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    const feeds = Object.keys(files).filter((name) => name.startsWith('archive/'));
    expect(feeds.length).toBeGreaterThanOrEqual(COUNT / 100);
    for (const name of [...feeds, 'atom.xml', 'feed.json', 'rss.xml']) {
      const digest = createHash('sha256')
        .update(await readFile(path.join(out, name)))
        .digest('hex');
      expect(files[name]?.sha256, name).toBe(digest);
    }
  });

  it('are byte for byte what the main thread writes for the same articles', async () => {
    // The same articles arriving in two builds of 1,000: each rewrites fewer than 2,000 entries.
    const later = path.join(newsroom.root, 'later');
    await rename(newsroom.articles, later);
    for (let n = 0; n < COUNT / 2; n++)
      await newsroom.write(name(n), await readFile(path.join(later, name(n)), 'utf8'));
    const inTwo = path.join(newsroom.root, 'in-two');
    expect((await build(inTwo)).code).toBe(0);
    for (let n = COUNT / 2; n < COUNT; n++) {
      await newsroom.write(name(n), await readFile(path.join(later, name(n)), 'utf8'));
    }
    expect((await build(inTwo)).code).toBe(0);

    const [workers, mainThread] = [await snapshot(path.join(newsroom.root, 'at-once')), await snapshot(inTwo)];
    expect([...mainThread.keys()].sort()).toEqual([...workers.keys()].sort());
    for (const [file, bytes] of workers) expect(mainThread.get(file), file).toBe(bytes);
  });

  it('are the same bytes when rewritten from the stored bodies, and when a pack of them is damaged', async () => {
    const out = path.join(newsroom.root, 'at-once');
    const first = await snapshot(out);
    const rewrite = async (): Promise<Map<string, string>> => {
      await rename(out, path.join(newsroom.root, `gone-${Math.random()}`));
      const result = await build(out);
      expect(result.code, result.stderr).toBe(0);
      const finish = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
      // Nothing read or rendered again: every body comes from the store.
      expect(finish.articlesParsed).toBe(0);
      return snapshot(out);
    };
    const fromStore = await rewrite();
    expect([...fromStore.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, bytes] of first) expect(fromStore.get(file), file).toBe(bytes);

    const store = path.join(`${out}.presswire`, 'bodies');
    const packs = (await readdir(store)).filter((name) => name.endsWith('.pack'));
    expect(packs.length).toBeGreaterThan(1);
    await truncate(path.join(store, packs[0] as string), 100);
    const afterDamage = await rewrite();
    for (const [file, bytes] of first) expect(afterDamage.get(file), file).toBe(bytes);
  });
});
