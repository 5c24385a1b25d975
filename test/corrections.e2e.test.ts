import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser } from './support/validators.js';

/**
 * SPEC §3 "Corrections are updates", end to end through the real CLI: a correction to an
 * article that had left the feed window brings the SAME entry back to the top.
 */

const OLD_ID = 'tag:news.northwind-rights.example,2015-03-02:old-dispatch';
const CORRECTION = 'An earlier version of this dispatch incorrectly quoted the mayor of Port Arlen.';

let newsroom: Newsroom;
const build = () => runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' } });

async function readAll() {
  const rss = await parseWithFeedparser(path.join(newsroom.out, 'rss.xml'));
  const atom = await parseWithFeedparser(path.join(newsroom.out, 'atom.xml'));
  const json = JSON.parse(await newsroom.read('feed.json')) as {
    items: {
      id: string;
      date_published: string;
      date_modified: string;
      content_html: string;
      _corrections?: unknown;
    }[];
  };
  expect(rss.bozo).toBe(false);
  expect(atom.bozo).toBe(false);
  expect(await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
  expect(await checkJsonFeed11(path.join(newsroom.out, 'feed.json'))).toEqual({ ok: true, errors: [] });
  return { rss, atom, json };
}

beforeEach(async () => {
  newsroom = await makeNewsroom();
  // A window of two entries, so the 2015 article is outside it until it is corrected.
  await newsroom.writeConfig({ feeds: { limit: 2 } });
  await newsroom.write(
    '2015/old-dispatch.md',
    article(
      { title: 'Old Dispatch', published: '2015-03-02T08:00:00Z', authors: 'A. Reporter' },
      'The mayor said "no".\n',
    ),
  );
  await newsroom.write('2026/a.md', article({ title: 'Recent A', published: '2026-10-01T08:00:00Z' }));
  await newsroom.write('2026/b.md', article({ title: 'Recent B', published: '2026-10-02T08:00:00Z' }));
});

afterEach(() => newsroom.remove());

describe('a correction to an article published long ago', () => {
  it('comes back as the same entry, updated, first in every feed, exactly once', async () => {
    expect((await build()).code).toBe(0);
    const before = await readAll();
    expect(before.json.items.map((i) => i.id)).not.toContain(OLD_ID);
    expect(before.atom.entries.map((e) => e.title)).toEqual(['Recent B', 'Recent A']);

    await newsroom.write(
      '2015/old-dispatch.md',
      article(
        {
          title: 'Old Dispatch',
          published: '2015-03-02T08:00:00Z',
          authors: 'A. Reporter',
          corrections: [{ date: '2026-11-27T09:00:00Z', text: CORRECTION }],
        },
        'The mayor said "not now".\n',
      ),
    );
    const second = await build();
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const after = await readAll();

    for (const feed of [after.rss, after.atom]) {
      expect(feed.entries.map((e) => e.id)).toEqual([OLD_ID, 'tag:news.northwind-rights.example,2026-10-02:b']);
      const [first] = feed.entries;
      expect(first?.published).toBe('2015-03-02T08:00:00Z');
      expect(first?.updated).toBe('2026-11-27T09:00:00Z');
      expect(first?.content[0]?.value).toContain(CORRECTION);
    }
    expect(after.json.items.filter((i) => i.id === OLD_ID)).toHaveLength(1);
    expect(after.json.items[0]).toMatchObject({
      id: OLD_ID,
      date_published: '2015-03-02T08:00:00Z',
      date_modified: '2026-11-27T09:00:00Z',
      _corrections: { items: [{ date: '2026-11-27T09:00:00Z', text: CORRECTION }] },
    });
    expect(after.json.items[0]?.content_html).toContain(CORRECTION);
    // The raw RSS keeps pubDate and says the modification in atom:updated.
    const rssXml = await newsroom.read('rss.xml');
    expect(rssXml).toContain(`<guid isPermaLink="false">${OLD_ID}</guid>`);
    expect(rssXml).toContain('<pubDate>Mon, 02 Mar 2015 08:00:00 GMT</pubDate>');
    expect(rssXml).toContain('<atom:updated>2026-11-27T09:00:00Z</atom:updated>');
  });
});

describe('withdrawing an article', () => {
  it('takes it out of every feed and leaves an Atom tombstone partners can act on', async () => {
    expect((await build()).code).toBe(0);
    expect((await readAll()).json.items.map((i) => i.id)).toContain('tag:news.northwind-rights.example,2026-10-01:a');

    await newsroom.write(
      '2026/a.md',
      article({ title: 'Recent A', published: '2026-10-01T08:00:00Z', status: 'withdrawn' }),
    );
    const result = await build();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 withdrawn');
    const { rss, atom, json } = await readAll();
    for (const ids of [rss.entries.map((e) => e.id), atom.entries.map((e) => e.id), json.items.map((i) => i.id)]) {
      expect(ids).not.toContain('tag:news.northwind-rights.example,2026-10-01:a');
    }
    const xml = await newsroom.read('atom.xml');
    expect(xml).toContain(
      '<at:deleted-entry ref="tag:news.northwind-rights.example,2026-10-01:a" when="2026-11-28T00:00:00Z">',
    );
    expect(xml).toContain('<link rel="alternate" href="https://news.northwind-rights.example/news/2026/10/a/"/>');
  });
});

describe('determinism', () => {
  it('gives byte-identical feeds for the same articles, config and state', async () => {
    expect((await build()).code).toBe(0);
    const first = await Promise.all(['rss.xml', 'atom.xml', 'feed.json'].map((f) => newsroom.read(f)));
    // A fresh output folder and state, same input: the same bytes.
    const other = path.join(newsroom.root, 'out2');
    const again = await runCli(['build', '--out', other], {
      cwd: newsroom.root,
      env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' },
    });
    expect(again.code).toBe(0);
    const second = await Promise.all(
      ['rss.xml', 'atom.xml', 'feed.json'].map((f) => readFile(path.join(other, f), 'utf8')),
    );
    expect(second).toEqual(first);
    // And a rebuild into the first folder changes nothing.
    expect((await build()).stdout).toContain('0 written');
  });
});
