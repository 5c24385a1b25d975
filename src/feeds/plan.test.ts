import { describe, expect, it } from 'vitest';
import { configSchema, type ConfigInput } from '../config/schema.js';
import type { Entry, Tombstone } from '../model.js';
import { correctionItems } from './corrections-feed.js';
import { changedFeedUrls, planFacetFeeds, planFeeds, type FeedPlanInput, type FeedState } from './plan.js';

const t = (iso: string) => Date.parse(iso);
const SITE = 'https://news.example.org/';
const NOW = t('2026-11-28T00:00:00Z');

function entry(slug: string, fields: Partial<Entry> = {}): Entry {
  const published = fields.published ?? t('2026-01-01T00:00:00Z');
  return {
    id: `tag:news.example.org,2026-01-01:${slug}`,
    url: `${SITE}news/${slug}/`,
    title: `Dispatch ${slug}`,
    contentHtml: `<p>${slug}</p>`,
    published,
    modified: published,
    authors: [{ name: 'A. Reporter' }],
    tags: [],
    corrections: [],
    sourcePath: `${slug}.md`,
    ...fields,
  };
}

const emptyState = (): FeedState => ({ version: 1, archive: [], slugs: { sections: {}, tags: {}, authors: {} } });

/** The configuration these tests vary, without the site identity every config must give. */
type PlanConfig = Omit<ConfigInput, 'site'> & { site?: Partial<ConfigInput['site']> };
const TEST_SITE = { title: 'Northwind Rights Monitor', url: SITE };

function plan(config: PlanConfig, entries: Entry[], tombstones: Tombstone[] = [], state = emptyState()) {
  const input: FeedPlanInput = {
    settings: configSchema.parse({ ...config, site: { ...TEST_SITE, ...config.site } }),
    entries,
    tombstones,
    now: NOW,
    state,
    displayPath: (sourcePath) => `articles/${sourcePath}`,
    configFile: 'presswire.config.json',
  };
  const result = planFeeds(input);
  const file = (path: string) => {
    const found = result.outputs.find((o) => o.path === path);
    if (!found) throw new Error(`no output ${path}; have ${result.outputs.map((o) => o.path).join(', ')}`);
    return found.content;
  };
  return { ...result, file };
}

const asia1 = entry('asia-1', { section: 'Asia', published: t('2026-01-01T00:00:00Z') });
const asia2 = entry('asia-2', { section: 'Asia', published: t('2026-02-01T00:00:00Z'), tags: ['Courts'] });
const europe = entry('europe-1', {
  section: 'Europe',
  published: t('2026-03-01T00:00:00Z'),
  tags: ['Courts'],
  authors: [{ name: 'B. Writer' }],
});
const loose = entry('no-section', { published: t('2026-04-01T00:00:00Z') });

describe('planFeeds: which files', () => {
  it('writes the archive first, then the main feeds that link to it, with one feed set per section by default', () => {
    const { outputs } = plan({}, [asia1, asia2, europe, loose]);
    expect(outputs.map((o) => o.path)).toEqual([
      'archive/1.xml',
      'rss.xml',
      'atom.xml',
      'feed.json',
      'sections/asia/rss.xml',
      'sections/asia/atom.xml',
      'sections/asia/feed.json',
      'sections/europe/rss.xml',
      'sections/europe/atom.xml',
      'sections/europe/feed.json',
      'corrections.xml',
      'corrections.json',
    ]);
  });

  it('adds tag and author feeds when asked, and leaves out what is switched off', () => {
    const { outputs } = plan(
      {
        feeds: {
          facets: { sections: false, tags: true, authors: true },
          archive: { enabled: false },
          corrections: { enabled: false },
        },
      },
      [asia2, europe],
    );
    expect(outputs.map((o) => o.path).filter((p) => p.endsWith('atom.xml'))).toEqual([
      'atom.xml',
      'tags/courts/atom.xml',
      'authors/a-reporter/atom.xml',
      'authors/b-writer/atom.xml',
    ]);
  });
});

describe('planFeeds: section feeds', () => {
  it('hold exactly their section’s entries, newest modification first, cut at their own limit', () => {
    const corrected = { ...asia1, modified: t('2026-06-01T00:00:00Z') };
    const { file } = plan({ feeds: { facets: { limit: 1 } } }, [corrected, asia2, europe, loose]);
    const asia = JSON.parse(file('sections/asia/feed.json')) as {
      title: string;
      feed_url: string;
      items: { id: string }[];
    };
    expect(asia.title).toBe('Northwind Rights Monitor — Asia');
    expect(asia.feed_url).toBe(`${SITE}sections/asia/feed.json`);
    expect(asia.items.map((i) => i.id)).toEqual([corrected.id]);
    const europeFeed = JSON.parse(file('sections/europe/feed.json')) as { items: { id: string }[] };
    expect(europeFeed.items.map((i) => i.id)).toEqual([europe.id]);
  });

  it('carry the tombstone of a withdrawn article of their section only', () => {
    const gone: Tombstone = {
      id: 'tag:gone',
      url: `${SITE}gone/`,
      when: t('2026-11-20T00:00:00Z'),
      sourcePath: 'gone.md',
      section: 'Asia',
      tags: [],
      authors: [],
    };
    const { file } = plan({}, [asia1, europe], [gone]);
    expect(file('sections/asia/atom.xml')).toContain('<at:deleted-entry ref="tag:gone" when="2026-11-20T00:00:00Z">');
    expect(file('sections/europe/atom.xml')).not.toContain('deleted-entry');
  });

  it('keeps a known section’s feed, empty, when its last article moved elsewhere', () => {
    const first = plan({}, [asia1, europe]);
    const moved = { ...asia1, section: 'Europe' };
    const { file } = plan({}, [moved, europe], [], first.state);
    expect((JSON.parse(file('sections/asia/feed.json')) as { items: unknown[] }).items).toEqual([]);
  });

  it('give sections that differ only in accents or case their own folders', () => {
    const a = entry('a', { section: 'Café' });
    const b = entry('b', { section: 'cafe' });
    const { outputs, state } = plan({}, [a, b]);
    expect(state.slugs.sections).toEqual({ Café: 'cafe', cafe: 'cafe-a860b858' });
    expect(outputs.filter((o) => o.path.endsWith('/atom.xml')).map((o) => o.path)).toEqual([
      'sections/cafe/atom.xml',
      'sections/cafe-a860b858/atom.xml',
    ]);
  });
});

describe('planFacetFeeds: what each facet feed holds', () => {
  const gone: Tombstone = {
    id: 'tag:gone',
    url: `${SITE}gone/`,
    when: t('2026-11-20T00:00:00Z'),
    sourcePath: 'gone.md',
    tags: ['Courts', 'Elections'],
    authors: [],
  };

  it('files each entry under every tag it carries, in slug order, newest modification first, cut at the limit', () => {
    const items = { entries: [asia1, asia2, europe, loose], tombstones: [gone], live: [gone] };
    const { feeds, slugs } = planFacetFeeds('tags', items, {}, 1);
    expect(slugs).toEqual({ Courts: 'courts', Elections: 'elections' });
    expect(feeds.map((f) => [f.name, f.slug, f.entries.map((e) => e.id), f.tombstones.map((g) => g.id)])).toEqual([
      ['Courts', 'courts', [europe.id], ['tag:gone']],
      ['Elections', 'elections', [], ['tag:gone']],
    ]);
  });

  it('keeps a known name without entries as an empty feed, and leaves out tombstones no longer live', () => {
    const items = { entries: [europe], tombstones: [gone], live: [] };
    const { feeds, slugs } = planFacetFeeds('authors', items, { 'A. Reporter': 'a-reporter' }, 10);
    expect(slugs).toEqual({ 'A. Reporter': 'a-reporter', 'B. Writer': 'b-writer' });
    expect(feeds).toEqual([
      { name: 'A. Reporter', slug: 'a-reporter', entries: [], tombstones: [] },
      { name: 'B. Writer', slug: 'b-writer', entries: [europe], tombstones: [] },
    ]);
  });
});

describe('planFeeds: WebSub', () => {
  it('advertises the hub in every subscribable feed and never in an archive page', () => {
    const hub = 'https://hub.example.net/';
    const { outputs } = plan({ websub: { hub }, feeds: { partners: ['msn'] } }, [asia1]);
    for (const output of outputs) {
      const advertised = output.content.includes(`rel="hub"`) || output.content.includes(`"hubs"`);
      expect([output.path, advertised]).toEqual([output.path, output.subscribable]);
    }
    expect(outputs.filter((o) => !o.subscribable).map((o) => o.path)).toEqual(['archive/1.xml']);
    expect(JSON.parse(outputs.find((o) => o.path === 'feed.json')?.content ?? '{}')).toMatchObject({
      hubs: [{ type: 'WebSub', url: hub }],
    });
  });

  it('names the changed subscribable feeds by URL, leaving out archive pages and unchanged files', () => {
    const { outputs } = plan({}, [asia1]);
    expect(changedFeedUrls(outputs, ['archive/1.xml', 'atom.xml', 'sections/asia/feed.json', 'images/x.jpg'])).toEqual([
      `${SITE}atom.xml`,
      `${SITE}sections/asia/feed.json`,
    ]);
  });
});

describe('planFeeds: partner profiles', () => {
  const corrected = entry('fixed', {
    section: 'Asia',
    published: t('2026-01-01T00:00:00Z'),
    modified: t('2026-05-05T12:00:00Z'),
    corrections: [{ date: t('2026-05-05T12:00:00Z'), text: 'An earlier version misspelt a name.' }],
  });

  it('google-news puts the modified time in pubDate; the main RSS keeps the publication time', () => {
    const { file } = plan({ feeds: { partners: ['google-news'] } }, [corrected]);
    expect(file('partners/google-news.xml')).toContain('<pubDate>Tue, 05 May 2026 12:00:00 GMT</pubDate>');
    expect(file('rss.xml')).toContain('<pubDate>Thu, 01 Jan 2026 00:00:00 GMT</pubDate>');
  });

  it('msn adds dcterms:modified in the http://purl.org/dc/terms/ namespace', () => {
    const { file } = plan({ feeds: { partners: [{ profile: 'msn', file: 'partners/msn-all.xml' }] } }, [corrected]);
    const msn = file('partners/msn-all.xml');
    expect(msn).toContain('xmlns:dcterms="http://purl.org/dc/terms/"');
    expect(msn).toContain('<dcterms:modified>2026-05-05T12:00:00Z</dcterms:modified>');
    expect(file('rss.xml')).not.toContain('dcterms');
  });

  it('flipboard holds at least 30 items whatever feeds.limit says', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      entry(`n${i}`, {
        published: t('2026-01-01T00:00:00Z') + i * 60_000,
        title: `A dispatch that is long enough, number ${i}`,
      }),
    );
    const { file } = plan({ feeds: { limit: 10, partners: ['flipboard'] } }, many);
    expect(file('partners/flipboard.xml').match(/<item>/g)).toHaveLength(30);
    expect(file('rss.xml').match(/<item>/g)).toHaveLength(10);
  });

  it('warns, naming the file and key, when a documented minimum is not met', () => {
    const short = entry('short', { title: 'Too short' });
    const { diagnostics } = plan(
      { site: { url: 'http://news.example.org/' }, feeds: { partners: ['msn', 'flipboard'] } },
      [short],
    );
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        file: 'presswire.config.json',
        key: 'site.url',
        message:
          'expected an https site URL for partners/msn.xml (MSN Partner Hub), which fetches HTTPS feeds only, but received "http://news.example.org/"',
      },
      {
        severity: 'warning',
        file: 'articles/short.md',
        key: 'title',
        message: 'expected a title of at least 21 characters for partners/msn.xml (MSN Partner Hub) but received 9',
      },
      {
        severity: 'warning',
        file: 'presswire.config.json',
        key: 'feeds.partners',
        message: 'expected at least 30 items in partners/flipboard.xml (Flipboard) but received 1',
      },
      {
        severity: 'warning',
        file: 'presswire.config.json',
        key: 'websub.hub',
        message:
          'expected a WebSub hub for partners/flipboard.xml (Flipboard), which wants updates pushed, but received nothing',
      },
      {
        severity: 'warning',
        file: 'articles/short.md',
        key: 'image',
        message:
          'expected a lead image for partners/flipboard.xml (Flipboard), which wants one per article, but received none',
      },
    ]);
  });
});

describe('correctionItems', () => {
  it('lists every correction newest first, with an id made from the article id and the correction date', () => {
    const a = entry('a', {
      corrections: [
        { date: t('2026-02-01T00:00:00Z'), text: 'first fix of a' },
        { date: t('2026-04-01T00:00:00Z'), text: 'second fix of a' },
      ],
    });
    const b = entry('b', { corrections: [{ date: t('2026-03-01T10:30:00Z'), text: 'fix of b' }] });
    expect(correctionItems([a, b]).map((c) => [c.id, c.articleId, c.text])).toEqual([
      [`${a.id}#correction-20260401T000000Z`, a.id, 'second fix of a'],
      [`${b.id}#correction-20260301T103000Z`, b.id, 'fix of b'],
      [`${a.id}#correction-20260201T000000Z`, a.id, 'first fix of a'],
    ]);
  });
});

describe('fingerprints', () => {
  // Recorded in the output state by earlier builds, and by earlier presswire versions: the
  // same documents must keep the same fingerprints, or every feed is written again once
  // with the same bytes. These values were recorded before a change to how they are hashed.
  it('are what earlier versions recorded for the same documents', () => {
    const keyed = [asia1, asia2].map((e, k) => ({ ...e, entryKey: `key-${k}` }));
    const { outputs } = plan({}, [...keyed, europe]);
    const fingerprints = Object.fromEntries(
      outputs.filter((o) => o.set === 'main').map((o) => [o.path, o.fingerprint.slice(0, 16)]),
    );
    expect(fingerprints).toEqual({
      'atom.xml': '1aa6774c51c71112',
      'feed.json': '7ed8f93436848f17',
      'rss.xml': '9534358c52268526',
    });
  });
});
