import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { parseWithFeedparser } from './support/validators.js';

/**
 * An id never changes once published (SPEC §1; docs/output.md, "Ids never change once
 * published"): a new site URL, slug or date moves the link, never the id.
 */

const NOW = '2026-11-28T00:00:00Z';
let room: Newsroom;
let first: CliResult;
let second: CliResult;
let checked: CliResult;

const build = () => runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });

interface Ids {
  rss: [string, string][];
  atom: [string, string][];
  json: [string, string][];
}

async function idsAndLinks(): Promise<Ids> {
  const json = JSON.parse(await room.read('feed.json')) as { items: { id: string; url: string }[] };
  const rss = await parseWithFeedparser(path.join(room.out, 'rss.xml'));
  const atom = await parseWithFeedparser(path.join(room.out, 'atom.xml'));
  const pairs = (entries: { id: string | null; link: string | null }[]) =>
    entries.map((e): [string, string] => [e.id ?? '', e.link ?? '']).sort();
  return {
    rss: pairs(rss.entries),
    atom: pairs(atom.entries),
    json: json.items.map((i): [string, string] => [i.id, i.url]).sort(),
  };
}

let before: Ids;
let after: Ids;

beforeAll(async () => {
  room = await makeNewsroom();
  await room.write('a.md', article({ title: 'A', published: '2026-10-01T08:00:00Z' }));
  await room.write('b.md', article({ title: 'B', published: '2026-10-02T08:00:00Z', slug: 'b-first' }));
  await room.write('c.md', article({ title: 'C', published: '2026-10-03T08:00:00Z' }));
  first = await build();
  before = await idsAndLinks();
  await room.writeConfig({ site: { url: 'https://moved.example/' } });
  await room.write('b.md', article({ title: 'B', published: '2026-10-02T08:00:00Z', slug: 'b-second' }));
  await room.write('c.md', article({ title: 'C', published: '2026-09-03T08:00:00Z' }));
  checked = await runCli(['check'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
  second = await build();
  after = await idsAndLinks();
}, 240_000);
afterAll(() => room.remove());

const KEPT = [
  'info: articles/a.md: id: kept "tag:news.northwind-rights.example,2026-10-01:a", the id it was first published under; the site URL, slug or date would now make it "tag:moved.example,2026-10-01:a" (the link moves, the id stays)',
  'info: articles/b.md: id: kept "tag:news.northwind-rights.example,2026-10-02:b-first", the id it was first published under; the site URL, slug or date would now make it "tag:moved.example,2026-10-02:b-second" (the link moves, the id stays)',
  'info: articles/c.md: id: kept "tag:news.northwind-rights.example,2026-10-03:c", the id it was first published under; the site URL, slug or date would now make it "tag:moved.example,2026-09-03:c" (the link moves, the id stays)',
];

describe('ids once published', () => {
  it('keeps every id in all three feeds while the links follow the new URL, slug and date', () => {
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const ids = [
      'tag:news.northwind-rights.example,2026-10-01:a',
      'tag:news.northwind-rights.example,2026-10-02:b-first',
      'tag:news.northwind-rights.example,2026-10-03:c',
    ];
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(before[format], format).toEqual([
        [ids[0], 'https://news.northwind-rights.example/news/2026/10/a/'],
        [ids[1], 'https://news.northwind-rights.example/news/2026/10/b-first/'],
        [ids[2], 'https://news.northwind-rights.example/news/2026/10/c/'],
      ]);
      expect(after[format], format).toEqual([
        [ids[0], 'https://moved.example/news/2026/10/a/'],
        [ids[1], 'https://moved.example/news/2026/10/b-second/'],
        [ids[2], 'https://moved.example/news/2026/09/c/'],
      ]);
    }
  });

  it('says so in one info line per article, in build and in check', () => {
    expect(second.stderr).toBe(`${KEPT.join('\n')}\n`);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toBe(`${KEPT.join('\n')}\n`);
  });

  it('refuses an explicit id edited on a published article, naming the old and the new id', async () => {
    await room.write(
      'a.md',
      article({ title: 'A', published: '2026-10-01T08:00:00Z', id: 'tag:moved.example,2026:brand-new' }),
    );
    const result = await build();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: articles/a.md:4: id: expected the id this article was first published under, "tag:news.northwind-rights.example,2026-10-01:a", but received "tag:moved.example,2026:brand-new": an id never changes once published (to start a new entry, withdraw this article and publish a new file)\n',
    );
    const json = JSON.parse(await room.read('feed.json')) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).toContain('tag:news.northwind-rights.example,2026-10-01:a');
    expect(json.items.map((i) => i.id)).not.toContain('tag:moved.example,2026:brand-new');
  });
});
