import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser } from './support/validators.js';

/**
 * The corrections feed (docs/partner-feeds.md, "The corrections feed"), end to end:
 * out/corrections.xml (Atom) and out/corrections.json (JSON Feed 1.1), one entry per
 * correction, newest first, each with the correction's text and date, a link to the corrected
 * article and that article's id.
 */

const HOST = 'news.northwind-rights.example';
const SITE = `https://${HOST}/`;
const MAYOR = 'An earlier version misquoted the mayor of Port Arlen.';
const DATE = 'An earlier version gave the wrong date for the hearing.';
const TOLL = 'An earlier version overstated the number of families evicted.';

let newsroom: Newsroom;

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await newsroom.write(
    '2025/hearing.md',
    article({
      title: 'Hearing Adjourned',
      published: '2025-10-14T08:00:00Z',
      corrections: [
        { date: '2025-10-15T09:00:00Z', text: DATE },
        { date: '2026-02-01T12:00:00Z', text: MAYOR },
      ],
    }),
  );
  await newsroom.write(
    '2026/evictions.md',
    article({
      title: 'Evictions & Appeals',
      published: '2026-01-10T08:00:00Z',
      corrections: [{ date: '2026-01-11T07:30:00Z', text: TOLL }],
    }),
  );
  await newsroom.write('2026/clean.md', article({ title: 'Nothing to Correct', published: '2026-03-01T08:00:00Z' }));
  // Neither a draft nor a withdrawn article is syndicated, so neither are their corrections.
  await newsroom.write(
    '2026/draft.md',
    article({
      title: 'Draft',
      published: '2026-03-02T08:00:00Z',
      status: 'draft',
      corrections: [{ date: '2026-03-03T00:00:00Z', text: 'draft fix' }],
    }),
  );
  await newsroom.write(
    '2026/gone.md',
    article({
      title: 'Gone',
      published: '2026-03-04T08:00:00Z',
      status: 'withdrawn',
      corrections: [{ date: '2026-03-05T00:00:00Z', text: 'gone fix' }],
    }),
  );
  const result = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' } });
  expect([result.code, result.stderr]).toEqual([0, '']);
});

afterAll(() => newsroom.remove());

const hearing = { id: `tag:${HOST},2025-10-14:hearing`, url: `${SITE}news/2025/10/hearing/` };
const evictions = { id: `tag:${HOST},2026-01-10:evictions`, url: `${SITE}news/2026/01/evictions/` };

describe('the corrections feed', () => {
  it('lists every correction, newest first, in Atom, with its text, date and the corrected article', async () => {
    const file = path.join(newsroom.out, 'corrections.xml');
    const [feed, rfc4287, raw] = await Promise.all([
      parseWithFeedparser(file),
      checkAtomRfc4287(file),
      newsroom.read('corrections.xml'),
    ]);
    expect([feed.bozo, feed.version]).toEqual([false, 'atom10']);
    expect(rfc4287).toEqual({ ok: true, errors: [] });
    expect(feed.feed.links.find((l) => l.rel === 'self')?.href).toBe(`${SITE}corrections.xml`);
    expect(feed.feed.updated).toBe('2026-02-01T12:00:00Z');
    expect(
      feed.entries.map((e) => ({
        id: e.id,
        title: e.title,
        link: e.link,
        published: e.published,
        updated: e.updated,
        text: e.content[0]?.value,
      })),
    ).toEqual([
      {
        id: `${hearing.id}#correction-20260201T120000Z`,
        title: 'Correction: Hearing Adjourned',
        link: hearing.url,
        published: '2026-02-01T12:00:00Z',
        updated: '2026-02-01T12:00:00Z',
        text: MAYOR,
      },
      {
        id: `${evictions.id}#correction-20260111T073000Z`,
        title: 'Correction: Evictions & Appeals',
        link: evictions.url,
        published: '2026-01-11T07:30:00Z',
        updated: '2026-01-11T07:30:00Z',
        text: TOLL,
      },
      {
        id: `${hearing.id}#correction-20251015T090000Z`,
        title: 'Correction: Hearing Adjourned',
        link: hearing.url,
        published: '2025-10-15T09:00:00Z',
        updated: '2025-10-15T09:00:00Z',
        text: DATE,
      },
    ]);
    // The corrected article's id, as RFC 4685 in-reply-to (feedparser does not report it).
    expect(raw.match(/<thr:in-reply-to ref="[^"]*"/g)).toEqual([
      `<thr:in-reply-to ref="${hearing.id}"`,
      `<thr:in-reply-to ref="${evictions.id}"`,
      `<thr:in-reply-to ref="${hearing.id}"`,
    ]);
  });

  it('says the same in JSON Feed 1.1, with the article in the _correction extension', async () => {
    expect(await checkJsonFeed11(path.join(newsroom.out, 'corrections.json'))).toEqual({ ok: true, errors: [] });
    const json = JSON.parse(await newsroom.read('corrections.json')) as {
      feed_url: string;
      items: Record<string, unknown>[];
    };
    expect(json.feed_url).toBe(`${SITE}corrections.json`);
    expect(json.items).toEqual([
      {
        id: `${hearing.id}#correction-20260201T120000Z`,
        url: hearing.url,
        title: 'Correction: Hearing Adjourned',
        content_text: MAYOR,
        date_published: '2026-02-01T12:00:00Z',
        date_modified: '2026-02-01T12:00:00Z',
        _correction: {
          article_id: hearing.id,
          article_url: hearing.url,
          article_title: 'Hearing Adjourned',
          date: '2026-02-01T12:00:00Z',
          text: MAYOR,
        },
      },
      {
        id: `${evictions.id}#correction-20260111T073000Z`,
        url: evictions.url,
        title: 'Correction: Evictions & Appeals',
        content_text: TOLL,
        date_published: '2026-01-11T07:30:00Z',
        date_modified: '2026-01-11T07:30:00Z',
        _correction: {
          article_id: evictions.id,
          article_url: evictions.url,
          article_title: 'Evictions & Appeals',
          date: '2026-01-11T07:30:00Z',
          text: TOLL,
        },
      },
      {
        id: `${hearing.id}#correction-20251015T090000Z`,
        url: hearing.url,
        title: 'Correction: Hearing Adjourned',
        content_text: DATE,
        date_published: '2025-10-15T09:00:00Z',
        date_modified: '2025-10-15T09:00:00Z',
        _correction: {
          article_id: hearing.id,
          article_url: hearing.url,
          article_title: 'Hearing Adjourned',
          date: '2025-10-15T09:00:00Z',
          text: DATE,
        },
      },
    ]);
  });
});
