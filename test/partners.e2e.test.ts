import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import { checkWellFormedXml, parseWithFeedparser, type FeedparserResult } from './support/validators.js';

/**
 * Partner profiles (docs/partner-feeds.md, "Partner profiles"), end to end: each profile's feed
 * validates, shows what it changes against rss.xml, and the build warns (exit 0) when a
 * documented minimum is not met.
 */

const HOST = 'news.northwind-rights.example';
const OLD_ID = `tag:${HOST},2026-01-01:old`;
const NEW_ID = `tag:${HOST},2026-11-01:new`;
const LONG_TITLE = `A ${'very '.repeat(30)}long headline`;

let newsroom: Newsroom;
let result: CliResult;
const feeds: Record<string, FeedparserResult> = {};

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await newsroom.writeConfig({
    feeds: { limit: 1, partners: ['google-news', { profile: 'msn', limit: 5 }, 'flipboard'] },
  });
  await writeJpeg(path.join(newsroom.articles, 'images/small.jpg'), 300, 200);
  await newsroom.write(
    'old.md',
    article({
      title: 'Water Point Hearing Adjourned Again',
      published: '2026-01-01T08:00:00Z',
      image: { src: 'images/small.jpg', alt: 'A queue at a hand pump', credit: 'Example Photo Agency' },
      corrections: [{ date: '2026-11-27T09:00:00Z', text: 'An earlier version gave the wrong district.' }],
    }),
  );
  await newsroom.write('new.md', article({ title: LONG_TITLE, published: '2026-11-01T08:00:00Z' }));
  result = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' } });
  for (const name of ['rss.xml', 'partners/google-news.xml', 'partners/msn.xml', 'partners/flipboard.xml']) {
    const file = path.join(newsroom.out, name);
    const [parsed, wellFormed] = await Promise.all([parseWithFeedparser(file), checkWellFormedXml(file)]);
    expect([name, parsed.bozo, parsed.version, wellFormed]).toEqual([name, false, 'rss20', { ok: true, errors: [] }]);
    feeds[name] = parsed;
  }
});

afterAll(() => newsroom.remove());

const entry = (feed: string, id: string) => feeds[feed]?.entries.find((e) => e.id === id);

describe('partner profiles', () => {
  it('warn about every unmet minimum, naming the article or config key, and do not fail the build', () => {
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n').sort()).toEqual(
      [
        'warning: articles/new.md: image: expected a lead image for partners/flipboard.xml (Flipboard), which wants one per article, but received none',
        `warning: articles/new.md: title: expected a title of at most 150 characters for partners/msn.xml (MSN Partner Hub) but received ${[...LONG_TITLE].length}`,
        'warning: articles/old.md: image.src: expected a lead image at least 400 px on its shorter side for partners/flipboard.xml (Flipboard) but received 300×200 px',
        'warning: articles/old.md: image.src: expected a lead image at least 720 px on its longer side for partners/msn.xml (MSN Partner Hub) but received 300×200 px',
        'warning: presswire.config.json: feeds.partners: expected at least 30 items in partners/flipboard.xml (Flipboard) but received 2',
        'warning: presswire.config.json: websub.hub: expected a WebSub hub for partners/flipboard.xml (Flipboard), which wants updates pushed, but received nothing',
      ].sort(),
    );
  });

  it('google-news: pubDate is the modification time, so a correction reads as a change', () => {
    expect(entry('rss.xml', OLD_ID)?.published).toBe('2026-01-01T08:00:00Z');
    expect(entry('partners/google-news.xml', OLD_ID)?.published).toBe('2026-11-27T09:00:00Z');
    expect(feeds['partners/google-news.xml']?.feed.links.find((l) => l.rel === 'self')?.href).toBe(
      `https://${HOST}/partners/google-news.xml`,
    );
  });

  it('msn: dcterms:modified in the http://purl.org/dc/terms/ namespace, with Media RSS', async () => {
    const raw = await newsroom.read('partners/msn.xml');
    expect(feeds['partners/msn.xml']?.namespaces['dcterms']).toBe('http://purl.org/dc/terms/');
    expect(raw.match(/<dcterms:modified>[^<]*<\/dcterms:modified>/g)).toEqual([
      '<dcterms:modified>2026-11-27T09:00:00Z</dcterms:modified>',
      '<dcterms:modified>2026-11-01T08:00:00Z</dcterms:modified>',
    ]);
    expect(entry('partners/msn.xml', OLD_ID)?.media_content.map((m) => [m['medium'], m['width']])).toEqual([
      ['image', '300'],
    ]);
    expect(await newsroom.read('rss.xml')).not.toContain('dcterms');
  });

  it('flipboard: at least 30 items whatever feeds.limit says', () => {
    expect(feeds['rss.xml']?.entries.map((e) => e.id)).toEqual([OLD_ID]);
    expect(feeds['partners/flipboard.xml']?.entries.map((e) => e.id)).toEqual([OLD_ID, NEW_ID]);
  });
});
