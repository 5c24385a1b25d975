import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { makeNewsroom, type Newsroom } from './support/newsroom.js';
import {
  checkAtomRfc4287,
  checkJsonFeed11,
  checkWellFormedXml,
  parseWithFeedparser,
  type FeedparserResult,
} from './support/validators.js';

/**
 * `presswire build` on the embedded example newsroom, through the real CLI, read back by
 * independent parsers: what a subscriber's reader and a partner's ingester see.
 */

const NOW = '2026-11-28T00:00:00Z';
const SITE = 'https://news.northwind-rights.example/';

// The six syndicated example articles, newest modification first (draft, embargoed and
// withdrawn ones are not syndicated). Times worked out by hand from the front matter.
const EXPECTED = [
  {
    title: 'Checkpoints Cut Aurel Coast Villages Off From Their Clinics',
    published: '2026-09-05T06:30:00Z', // 14:30+08:00
    modified: '2026-09-05T06:30:00Z',
  },
  {
    title: 'Harbour Summit Statement Silent on Detained Coastal Advocates',
    published: '2018-06-12T01:30:00Z', // 09:30+08:00
    modified: '2026-09-03T00:15:00Z', // second correction, 08:15+08:00
  },
  {
    title: "Resettled Families Take Their Fight for Water to Ousso's High Court",
    published: '2025-10-14T06:00:00Z',
    modified: '2025-10-14T06:00:00Z',
  },
  {
    title: 'Inside Halvard: Fourteen Months of Testimony From an Immigration Detention Centre',
    published: '2023-04-27T15:00:00Z',
    modified: '2023-05-02T19:30:00Z', // correction 14:30-05:00
  },
  {
    title: 'Pushbacks at the Dravan Pass Continue Despite Court Order',
    published: '2021-11-18T07:00:00Z',
    modified: '2021-11-19T16:45:00Z', // explicit updated:
  },
  {
    title: "Evictions in Port Tamari's River District Leave Thousands Without Shelter",
    published: '2019-03-04T00:00:00Z', // bare date: 00:00 UTC
    modified: '2019-03-04T00:00:00Z',
  },
];

let newsroom: Newsroom;
let result: CliResult;
let rss: FeedparserResult;
let atom: FeedparserResult;
let json: {
  version: string;
  items: {
    id: string;
    url: string;
    title: string;
    content_html: string;
    date_published: string;
    date_modified: string;
    authors: { name: string; url?: string }[];
    _corrections?: { items: { date: string; text: string }[] };
  }[];
};

beforeAll(async () => {
  newsroom = await makeNewsroom({ copyExample: true });
  result = await runCli(['build', '--articles', newsroom.articles, '--out', newsroom.out], {
    cwd: newsroom.root,
    env: { PRESSWIRE_NOW: NOW },
  });
  rss = await parseWithFeedparser(path.join(newsroom.out, 'rss.xml'));
  atom = await parseWithFeedparser(path.join(newsroom.out, 'atom.xml'));
  json = JSON.parse(await newsroom.read('feed.json'));
});

afterAll(() => newsroom.remove());

describe('presswire build on the example newsroom', () => {
  it('exits 0 with a one-line summary naming the counts', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^presswire build: ok — 6 entries \(2 corrected\), 1 withdrawn, 2 skipped, 0 failed;/,
    );
  });

  it('writes feeds that the independent validators accept', async () => {
    expect(rss.bozo, rss.bozo_exception ?? '').toBe(false);
    expect(rss.version).toBe('rss20');
    expect(atom.bozo, atom.bozo_exception ?? '').toBe(false);
    expect(atom.version).toBe('atom10');
    expect(await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
    expect(await checkWellFormedXml(path.join(newsroom.out, 'rss.xml'))).toEqual({ ok: true, errors: [] });
    expect(await checkJsonFeed11(path.join(newsroom.out, 'feed.json'))).toEqual({ ok: true, errors: [] });
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
  });

  it.each([
    ['RSS', () => rss],
    ['Atom', () => atom],
  ])('%s: entries, in order, with their published and modified instants', (_format, feed) => {
    expect(feed().entries.map((e) => ({ title: e.title, published: e.published, modified: e.updated }))).toEqual(
      EXPECTED,
    );
  });

  it('JSON Feed: entries, in order, with their published and modified instants', () => {
    expect(json.items.map((i) => ({ title: i.title, published: i.date_published, modified: i.date_modified }))).toEqual(
      EXPECTED,
    );
  });

  it('uses the same ids in every format, never the title', () => {
    const ids = json.items.map((i) => i.id);
    expect(rss.entries.map((e) => e.id)).toEqual(ids);
    expect(atom.entries.map((e) => e.id)).toEqual(ids);
    expect(ids).toContain('tag:example.org,2018-06-12:harbour-summit-statement'); // explicit id: wins
    expect(ids).toContain('tag:news.northwind-rights.example,2019-03-04:river-district-evictions'); // derived
  });

  it('links every entry to its absolute article URL', () => {
    const expectedUrl = `${SITE}news/2025/10/water-point-hearing/`; // slug: from front matter
    expect(json.items.map((i) => i.url)).toContain(expectedUrl);
    for (const feed of [rss, atom]) {
      for (const entry of feed.entries)
        expect(entry.link).toMatch(/^https:\/\/news\.northwind-rights\.example\/news\/\d{4}\/\d{2}\/[a-z0-9-]+\/$/);
    }
  });

  it('credits the authors: a name list, a single string, and the site default', () => {
    const byTitle = (feed: FeedparserResult, title: string) => feed.entries.find((e) => e.title === title);
    const summit = 'Harbour Summit Statement Silent on Detained Coastal Advocates';
    expect(byTitle(atom, summit)?.authors.map((a) => a.name)).toEqual(['Tamsin Vale', 'Joon Arkwright']);
    expect(byTitle(rss, summit)?.authors.map((a) => a.name)).toEqual(['Tamsin Vale', 'Joon Arkwright']);
    expect(json.items.find((i) => i.title === summit)?.authors).toEqual([
      { name: 'Tamsin Vale', url: 'https://example.org/staff/tamsin-vale' },
      { name: 'Joon Arkwright', url: 'https://example.org/staff/joon-arkwright' },
    ]);
  });

  it('shows the corrections in the content of every format, and structured in JSON Feed', () => {
    const halvard = 'Inside Halvard: Fourteen Months of Testimony From an Immigration Detention Centre';
    const rssContent = rss.entries.find((e) => e.title === halvard)?.content[0]?.value ?? '';
    const atomContent = atom.entries.find((e) => e.title === halvard)?.content[0]?.value ?? '';
    const item = json.items.find((i) => i.title === halvard);
    for (const html of [rssContent, atomContent, item?.content_html ?? '']) {
      expect(html).toContain('<aside class="corrections"');
      expect(html).toContain('An earlier version of this dispatch incorrectly quoted');
      expect(html).toContain('2 May 2023');
    }
    expect(item?._corrections?.items).toHaveLength(1);
    expect(item?._corrections?.items[0]?.date).toBe('2023-05-02T19:30:00Z');
    expect(item?._corrections?.items[0]?.text).toMatch(/^An earlier version of this dispatch incorrectly quoted/);
  });

  it('leaves drafts, embargoed and withdrawn articles out of the content', () => {
    const titles = json.items.map((i) => i.title);
    expect(titles).not.toContain("Garment Workers in Vessa's Export Zones Paid Below the Legal Minimum");
    expect(titles).not.toContain('Tribunal Finds Dravan Pass Returns Unlawful and Orders Compensation');
    expect(titles).not.toContain("Calder's New Accreditation Rules Would Keep Monitors Out of Detention Sites");
  });

  it('carries an RFC 6721 tombstone for the withdrawn article in the Atom feed', async () => {
    const xml = await newsroom.read('atom.xml');
    expect(xml).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(xml).toContain(
      `<at:deleted-entry ref="tag:news.northwind-rights.example,2024-08-09:press-accreditation-rules" when="2026-11-20T16:00:00Z">`,
    );
  });

  it('makes every URL in every feed absolute', async () => {
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      // The browser view's <?xml-stylesheet?> hrefs are relative on purpose: browsers
      // load XSLT same-origin only. They are an instruction to browsers, not feed content.
      const text = (await readFile(path.join(newsroom.out, file), 'utf8')).replace(/<\?xml-stylesheet [^?]*\?>/g, '');
      const urls = [...text.matchAll(/(?:href|src|url)(?:=|&quot;|": ?)\\?["']?([^"'\s&\\>]+)/g)].map(
        (m) => m[1] ?? '',
      );
      expect(urls.length).toBeGreaterThan(20);
      for (const url of urls) expect(url, `${file}: ${url}`).toMatch(/^(https?:|mailto:|tel:)/);
    }
  });
});
