import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser } from './support/validators.js';

/**
 * Section and tag feeds (docs/partner-feeds.md, "Section, tag and author feeds"), end to end:
 * each facet gets its own RSS, Atom and JSON Feed under out/<sections|tags>/<slug>/, holds
 * exactly its entries, and passes the independent validators; names that differ only in accents
 * or case never share a folder.
 */

const HOST = 'news.northwind-rights.example';
const SITE = `https://${HOST}/`;
const id = (date: string, slug: string) => `tag:${HOST},${date}:${slug}`;

let newsroom: Newsroom;
let result: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await newsroom.writeConfig({ feeds: { facets: { tags: true } } });
  await newsroom.write(
    'a.md',
    article({ title: 'Asia One', published: '2026-01-01T08:00:00Z', section: 'Asia', tags: ['Courts'] }),
  );
  await newsroom.write('b.md', article({ title: 'Asia Two', published: '2026-02-01T08:00:00Z', section: 'Asia' }));
  await newsroom.write(
    'c.md',
    article({ title: 'Europe One', published: '2026-03-01T08:00:00Z', section: 'Europe', tags: ['Courts'] }),
  );
  await newsroom.write('d.md', article({ title: 'Accented', published: '2026-04-01T08:00:00Z', section: 'Café' }));
  await newsroom.write('e.md', article({ title: 'Plain', published: '2026-05-01T08:00:00Z', section: 'cafe' }));
  await newsroom.write('f.md', article({ title: 'Nowhere', published: '2026-06-01T08:00:00Z' }));
  await newsroom.write(
    'g.md',
    article({ title: 'Draft in Asia', published: '2026-06-02T08:00:00Z', section: 'Asia', status: 'draft' }),
  );
  result = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' } });
});

afterAll(() => newsroom.remove());

// Each facet is parsed and validated once (jing and feedparser are separate processes).
const parsed = new Map<string, ReturnType<typeof parseFacet>>();
function facet(folder: string) {
  if (!parsed.has(folder)) parsed.set(folder, parseFacet(folder));
  return parsed.get(folder) as ReturnType<typeof parseFacet>;
}

async function parseFacet(folder: string) {
  const file = (name: string) => path.join(newsroom.out, folder, name);
  const [rss, atom, rfc4287, jsonFeed] = await Promise.all([
    parseWithFeedparser(file('rss.xml')),
    parseWithFeedparser(file('atom.xml')),
    checkAtomRfc4287(file('atom.xml')),
    checkJsonFeed11(file('feed.json')),
  ]);
  expect([rss.bozo, rss.version, atom.bozo, atom.version]).toEqual([false, 'rss20', false, 'atom10']);
  expect(rfc4287).toEqual({ ok: true, errors: [] });
  expect(jsonFeed).toEqual({ ok: true, errors: [] });
  const json = JSON.parse(await newsroom.read(`${folder}/feed.json`)) as {
    title: string;
    feed_url: string;
    items: { id: string }[];
  };
  return { rss, atom, json };
}

describe('section feeds', () => {
  it('builds cleanly', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('hold exactly their section’s syndicated entries, newest first, in all three formats', async () => {
    const asia = await facet('sections/asia');
    const expected = [id('2026-02-01', 'b'), id('2026-01-01', 'a')];
    expect(asia.rss.entries.map((e) => e.id)).toEqual(expected);
    expect(asia.atom.entries.map((e) => e.id)).toEqual(expected);
    expect(asia.json.items.map((i) => i.id)).toEqual(expected);
    const europe = await facet('sections/europe');
    expect(europe.json.items.map((i) => i.id)).toEqual([id('2026-03-01', 'c')]);
  });

  it('each have their own title and self link', async () => {
    const { rss, atom, json } = await facet('sections/asia');
    expect(atom.feed.title).toBe('Northwind Rights Monitor — Asia');
    expect(atom.feed.links.find((l) => l.rel === 'self')?.href).toBe(`${SITE}sections/asia/atom.xml`);
    expect(rss.feed.links.find((l) => l.rel === 'self')?.href).toBe(`${SITE}sections/asia/rss.xml`);
    expect(json.feed_url).toBe(`${SITE}sections/asia/feed.json`);
  });

  it('keep sections that differ only in accents or case apart, deterministically', async () => {
    const accented = await facet('sections/cafe');
    const plain = await facet('sections/cafe-a860b858');
    expect(accented.json.title).toBe('Northwind Rights Monitor — Café');
    expect(accented.json.items.map((i) => i.id)).toEqual([id('2026-04-01', 'd')]);
    expect(plain.json.title).toBe('Northwind Rights Monitor — cafe');
    expect(plain.json.items.map((i) => i.id)).toEqual([id('2026-05-01', 'e')]);
  });

  it('make tag feeds when tags are switched on', async () => {
    const courts = await facet('tags/courts');
    expect(courts.json.items.map((i) => i.id)).toEqual([id('2026-03-01', 'c'), id('2026-01-01', 'a')]);
  });

  it('are listed on the index page', async () => {
    const index = await newsroom.read('index.html');
    expect(index).toContain('sections/asia/atom.xml');
    expect(index).toContain('sections/cafe-a860b858/feed.json');
  });
});
