import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, type CliResult } from './support/cli.js';
import {
  checkAtomRfc4287,
  checkJsonFeed11,
  checkWellFormedXml,
  parseWithFeedparser,
  type FeedparserResult,
} from './support/validators.js';

/**
 * docs/adopting.md, "Adopting presswire on an existing site", end to end: the fixture sites under
 * test/fixtures/sites/, written from each platform's documentation, build unedited with the
 * real CLI; their feeds pass the independent validators; each entry's id and link are the
 * ones that platform's own feed gives the same post, so moving to presswire shows no
 * subscriber its archive again; every figure has its renditions.
 *
 * What the platforms' own feeds put in the id and the link:
 * - jekyll-feed, `lib/jekyll-feed/feed.xml` (jekyll/jekyll-feed):
 *     `<link href="{{ post.url | absolute_url }}" rel="alternate" …/>`
 *     `<id>{{ post.id | absolute_url | xml_escape }}</id>`
 *   and Jekyll's `Document#id` (`lib/jekyll/document.rb`) is
 *     `File.join(File.dirname(url), (data["slug"] || basename_without_ext).to_s)`:
 *   the URL's folder and the slug, without `.html` or a trailing slash (ids.scheme "jekyll").
 *   The feed's own `<id>` is its URL (`{{ page.url | absolute_url }}`), as presswire's.
 * - Hugo's embedded RSS template, `tpl/tplimpl/embedded/templates/_default/rss.xml`
 *   (gohugo/hugo): `<link>{{ .Permalink }}</link>` and `<guid>{{ .Permalink }}</guid>`
 *   (ids.scheme "url"); the home feed is `index.xml`.
 * - eleventy-plugin-rss's sample Atom template (11ty.dev/docs/plugins/rss/):
 *   `<link href="{{ absolutePostUrl }}"/>` and `<id>{{ absolutePostUrl }}</id>`.
 * - @astrojs/rss, `packages/astro-rss/src/index.ts` (withastro/astro): `item.link` is the
 *   item's link made absolute and `item.guid = { '#text': itemLink, '@_isPermaLink': 'true' }`.
 */

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/sites');
const NOW = '2026-11-28T00:00:00Z';

interface Site {
  root: string;
  out: string;
  build: CliResult;
}

async function buildSite(name: string, mutate?: (root: string) => Promise<void>): Promise<Site> {
  const root = await mkdtemp(path.join(tmpdir(), `presswire-adopt-${name}-`));
  await cp(path.join(FIXTURES, name), root, { recursive: true });
  await mutate?.(root);
  const build = await runCli(['build'], { cwd: root, env: { PRESSWIRE_NOW: NOW } });
  return { root, out: path.join(root, 'out'), build };
}

const sites = new Map<string, Site>();
const site = (name: string) => sites.get(name) as Site;

beforeAll(async () => {
  for (const name of ['jekyll', 'hugo', 'eleventy', 'astro']) sites.set(name, await buildSite(name));
}, 180_000);

afterAll(async () => {
  for (const { root } of sites.values()) await rm(root, { recursive: true, force: true });
});

interface Expected {
  /** Feed file names in out/ (feeds.files). */
  files: { rss: string; atom: string; json: string };
  /** What the platform's own feed gives each syndicated post: [id, link]. */
  entries: [string, string][];
  /** The summary line naming the dialect. */
  dialects: string;
}

const EXPECTED: Record<string, Expected> = {
  jekyll: {
    files: { rss: 'rss.xml', atom: 'feed.xml', json: 'feed.json' },
    entries: [
      // permalink: /ferries/timetable/ → Document#id = File.join('/ferries', 'ferry-timetable')
      ['https://gazette.example.org/ferries/ferry-timetable', 'https://gazette.example.org/ferries/timetable/'],
      // 2015-06-01 23:30 in New York (03:30 UTC the next day): Jekyll's URL keeps the local date.
      [
        'https://gazette.example.org/city-hall/budget/2015/06/01/budget-vote',
        'https://gazette.example.org/city-hall/budget/2015/06/01/budget-vote.html',
      ],
      [
        'https://gazette.example.org/news/2014/03/12/harbour-reopens',
        'https://gazette.example.org/news/2014/03/12/harbour-reopens.html',
      ],
    ],
    dialects: 'front matter read as: 4 jekyll',
  },
  hugo: {
    files: { rss: 'index.xml', atom: 'atom.xml', json: 'feed.json' },
    entries: [
      // JSON front matter, no slug: Hugo's :slug is the urlized title.
      [
        'https://harbour-news.example.net/2023/07/market-day-returns/',
        'https://harbour-news.example.net/2023/07/market-day-returns/',
      ],
      // 2023-06-01T00:30 in Berlin is 31 May in UTC; Hugo's :month is June.
      [
        'https://harbour-news.example.net/2023/06/council-budget-passes/',
        'https://harbour-news.example.net/2023/06/council-budget-passes/',
      ],
      [
        'https://harbour-news.example.net/2023/05/harbour-reopens-after-the-storm/',
        'https://harbour-news.example.net/2023/05/harbour-reopens-after-the-storm/',
      ],
    ],
    dialects: 'front matter read as: 5 hugo',
  },
  eleventy: {
    files: { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' },
    entries: [
      ['https://quayside.example.com/posts/launch-party/', 'https://quayside.example.com/posts/launch-party/'],
      ['https://quayside.example.com/blog/new-ferry-line/', 'https://quayside.example.com/blog/new-ferry-line/'],
    ],
    dialects: 'front matter read as: 2 eleventy',
  },
  astro: {
    files: { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' },
    entries: [
      ['https://astro-harbour.example.dev/blog/second-post/', 'https://astro-harbour.example.dev/blog/second-post/'],
      ['https://astro-harbour.example.dev/blog/first-post/', 'https://astro-harbour.example.dev/blog/first-post/'],
    ],
    dialects: 'front matter read as: 2 astro',
  },
};

const parsedFeeds = new Map<string, Promise<{ rss: FeedparserResult; atom: FeedparserResult }>>();
function feedsOf(name: string) {
  if (!parsedFeeds.has(name)) {
    const { out } = site(name);
    const { files } = EXPECTED[name] as Expected;
    parsedFeeds.set(
      name,
      Promise.all([
        parseWithFeedparser(path.join(out, files.rss)),
        parseWithFeedparser(path.join(out, files.atom)),
      ]).then(([rss, atom]) => ({ rss, atom })),
    );
  }
  return parsedFeeds.get(name) as Promise<{ rss: FeedparserResult; atom: FeedparserResult }>;
}

describe.each(Object.keys(EXPECTED))('the %s fixture site, built unedited', (name) => {
  const expected = EXPECTED[name] as Expected;

  it('builds with exit 0 and says which platform it read the front matter as', () => {
    const { build } = site(name);
    expect(build.stderr).not.toMatch(/^error/m);
    expect(build.code).toBe(0);
    expect(build.stdout).toContain(`\n${expected.dialects}\n`);
  });

  it('writes feeds under the configured file names that pass the independent validators', async () => {
    const { out } = site(name);
    const { files } = expected;
    expect(await checkWellFormedXml(path.join(out, files.rss))).toEqual({ ok: true, errors: [] });
    expect(await checkAtomRfc4287(path.join(out, files.atom))).toEqual({ ok: true, errors: [] });
    expect(await checkJsonFeed11(path.join(out, files.json))).toEqual({ ok: true, errors: [] });
    const { rss, atom } = await feedsOf(name);
    expect([rss.bozo, rss.version, atom.bozo, atom.version]).toEqual([false, 'rss20', false, 'atom10']);
    // Self links and autodiscovery follow the file names.
    const site_ = JSON.parse(await readFile(path.join(site(name).root, 'presswire.config.json'), 'utf8')) as {
      site: { url: string };
    };
    const selfOf = (feed: FeedparserResult) => feed.feed.links.find((link) => link.rel === 'self')?.href;
    expect(selfOf(rss)).toBe(new URL(files.rss, site_.site.url).href);
    expect(selfOf(atom)).toBe(new URL(files.atom, site_.site.url).href);
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain(
      `type="application/atom+xml" title="${await titleOf(name)} (Atom)" href="${new URL(files.atom, site_.site.url).href}"`,
    );
    expect(index).toContain(
      `type="application/rss+xml" title="${await titleOf(name)} (RSS 2.0)" href="${new URL(files.rss, site_.site.url).href}"`,
    );
  });

  it("gives each entry the id and link the platform's own feed gives it", async () => {
    const { rss, atom } = await feedsOf(name);
    expect(atom.entries.map((entry) => [entry.id, entry.link])).toEqual(expected.entries);
    expect(rss.entries.map((entry) => [entry.id, entry.link])).toEqual(expected.entries);
    const json = JSON.parse(await readFile(path.join(site(name).out, expected.files.json), 'utf8')) as {
      items: { id: string; url: string }[];
    };
    expect(json.items.map((item) => [item.id, item.url])).toEqual(expected.entries);
  });

  it('has every rendition each figure names', async () => {
    const { out } = site(name);
    const json = JSON.parse(await readFile(path.join(out, expected.files.json), 'utf8')) as {
      items: { content_html: string }[];
    };
    const published = new Set(await readdir(path.join(out, 'images')));
    const named = json.items.flatMap((item) =>
      [...item.content_html.matchAll(/(?:src|srcset)="([^"]+)"/g)].flatMap((m) =>
        (m[1] ?? '').split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? ''),
      ),
    );
    const local = named.filter((url) => url.includes('/images/'));
    expect(local.length).toBeGreaterThan(0);
    for (const url of local) expect(published.has(path.posix.basename(new URL(url).pathname))).toBe(true);
  });

  it('lets no template tag or shortcode reach a feed as raw text', async () => {
    const { out } = site(name);
    for (const file of Object.values(expected.files)) {
      const text = await readFile(path.join(out, file), 'utf8');
      // The one `{{` an author may publish is the text of a `{% raw %}` block (Jekyll's
      // budget post), which the site itself prints as written.
      const braces = text.replaceAll('{{ vote.count }}', '');
      expect([file, braces.match(/\{\{|\{%|%\}|\}\}/g)]).toEqual([file, null]);
    }
  });
});

describe('template syntax in the fixture sites, as each platform renders it', () => {
  async function contentOf(name: string, idEnd: string): Promise<string> {
    const { out } = site(name);
    const json = JSON.parse(await readFile(path.join(out, (EXPECTED[name] as Expected).files.json), 'utf8')) as {
      items: { id: string; content_html: string }[];
    };
    const item = json.items.find((candidate) => candidate.id.endsWith(idEnd));
    if (!item) throw new Error(`no entry whose id ends with ${idEnd} in ${name}'s feed`);
    return item.content_html;
  }

  it('Jekyll: {{ site.baseurl }} becomes the absolute URL, {% raw %} keeps its text', async () => {
    expect(await contentOf('jekyll', 'harbour-reopens')).toContain(
      'href="https://gazette.example.org/galleries/storm/"',
    );
    expect(await contentOf('jekyll', 'budget-vote')).toContain('{{ vote.count }} that the minutes system fills in.');
  });

  it('Hugo: a figure shortcode becomes a figure with renditions and its caption, a youtube shortcode a link', async () => {
    const harbour = await contentOf('hugo', 'harbour-reopens-after-the-storm/');
    expect(harbour).toMatch(/<figure>\s*<img [^>]*srcset="[^"]*\/images\/[^"]+"/);
    expect(harbour).toContain('<figcaption>Cranes at work</figcaption>');
    expect(await contentOf('hugo', 'council-budget-passes/')).toContain(
      'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"',
    );
  });

  it('Eleventy: the image shortcode becomes a figure with renditions', async () => {
    expect(await contentOf('eleventy', 'new-ferry-line/')).toMatch(
      /<img [^>]*alt="The ferry at the quay"[^>]*srcset="[^"]*\/images\/[^"]+"|<img [^>]*srcset="[^"]*\/images\/[^"]+"[^>]*alt="The ferry at the quay"/,
    );
  });
});

async function titleOf(name: string): Promise<string> {
  const config = JSON.parse(await readFile(path.join(site(name).root, 'presswire.config.json'), 'utf8')) as {
    site: { title: string };
  };
  return config.site.title;
}

describe('what each platform says about a post, in the feeds', () => {
  it('Jekyll: dates in the site time zone, authors from _data/authors.yml, description and the excerpt separator as summaries, published: false left out', async () => {
    const json = JSON.parse(await readFile(path.join(site('jekyll').out, 'feed.json'), 'utf8')) as {
      items: { title: string; date_published: string; date_modified: string; summary?: string; authors: unknown[] }[];
    };
    expect(json.items.map((item) => [item.title, item.date_published, item.date_modified])).toEqual([
      // No date in the front matter: the file name's date, midnight in New York.
      ['The new ferry timetable', '2016-02-01T05:00:00Z', '2016-02-01T05:00:00Z'],
      ['Council passes the budget', '2015-06-02T03:30:00Z', '2015-06-03T12:00:00Z'],
      ['Harbour reopens after the storm', '2014-03-12T15:00:00Z', '2014-03-12T15:00:00Z'],
    ]);
    expect(json.items.map((item) => item.summary)).toEqual([
      'Ferries leave every forty minutes from Monday.',
      "The council passed next year's budget late on Monday night.",
      'The port took in its first ship in nine days.',
    ]);
    expect(json.items[1]?.authors).toEqual([
      { name: 'Jane Doe', url: 'https://gazette.example.org/staff/jane-doe/' },
      { name: 'Alan Smith' },
    ]);
    expect(json.items.some((item) => item.title === 'An unfinished story')).toBe(false);
  });

  it('Jekyll: a lead image without alt is a warning naming the file, the line and the key, and its figure has alt=""', async () => {
    const { build, out } = site('jekyll');
    expect(build.stderr).toContain(
      'warning: _posts/2015-06-01-budget-vote.markdown:8: image: expected an alt text for the lead image but received nothing',
    );
    const json = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as {
      items: { content_html: string }[];
    };
    expect(json.items[1]?.content_html).toMatch(/<img [^>]*alt=""/);
  });

  it('Hugo: expiryDate withdraws the entry (an Atom tombstone), draft = true is left out', async () => {
    const atom = await readFile(path.join(site('hugo').out, 'atom.xml'), 'utf8');
    expect(atom).toContain('<at:deleted-entry ref="https://harbour-news.example.net/2019/12/winter-ferry-notice/"');
    const { rss } = await feedsOf('hugo');
    expect(rss.entries.map((entry) => entry.title)).not.toContain('An idea for later');
    expect(rss.entries.map((entry) => entry.title)).not.toContain('Winter ferry notice');
  });
});

describe('--strict on an adopted site', () => {
  it('makes a missing alt an error (exit 1)', async () => {
    const strict = await buildSite('astro', async () => undefined);
    try {
      const again = await runCli(['build', '--strict'], {
        cwd: strict.root,
        env: { PRESSWIRE_NOW: NOW },
      });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('error: src/content/blog/first-post.md:5: heroImage: expected an alt text');
    } finally {
      await rm(strict.root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the site's author data changed between two builds", () => {
  it('publishes the new name in every feed that shows the author, though no article file changed', async () => {
    const hugo = await buildSite('hugo');
    try {
      expect(hugo.build.code, hugo.build.stderr).toBe(0);
      expect(await readFile(path.join(hugo.out, 'atom.xml'), 'utf8')).toContain('<name>Jane Doe</name>');
      const data = path.join(hugo.root, 'data', 'authors.toml');
      await writeFile(data, (await readFile(data, 'utf8')).replace('name = "Jane Doe"', 'name = "Jane Doe-Okafor"'));
      const again = await runCli(['build'], { cwd: hugo.root, env: { PRESSWIRE_NOW: NOW } });
      expect(again.code, again.stderr).toBe(0);
      const atom = await readFile(path.join(hugo.out, 'atom.xml'), 'utf8');
      expect(atom).toContain('<name>Jane Doe-Okafor</name>');
      expect(atom).not.toContain('<name>Jane Doe</name>');
    } finally {
      await rm(hugo.root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('presswire check on a foreign archive with posts it cannot read', () => {
  it('prints one line per problem, and a summary: posts read, posts failed, the most common causes', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'presswire-adopt-check-'));
    try {
      await cp(path.join(FIXTURES, 'jekyll'), root, { recursive: true });
      const posts = path.join(root, '_posts');
      for (const n of [1, 2, 3]) {
        await writeFile(
          path.join(posts, `2017-0${n}-01-bad-date-${n}.md`),
          `---\ntitle: Bad ${n}\ndate: sometime in ${n}\n---\nx\n`,
        );
      }
      await writeFile(path.join(posts, '2017-05-01-no-title.md'), '---\ntitle: 12\ndate: 2017-05-01\n---\nx\n');
      await writeFile(path.join(posts, '2017-06-01-broken-yaml.md'), '---\ntitle: [unclosed\n---\nx\n');
      const check = await runCli(['check'], { cwd: root, env: { PRESSWIRE_NOW: NOW } });
      expect(check.code).toBe(1);
      expect(check.stderr).toContain(
        'error: _posts/2017-01-01-bad-date-1.md:3: date: expected a date such as 2014-03-12, 2014-03-12 10:00:00, 2014-03-12 10:00:00 -0500 or 2014-03-12T10:00:00+01:00 but received "sometime in 1"',
      );
      expect(check.stderr).toContain(
        'error: _posts/2017-05-01-no-title.md:2: title: expected a non-empty string but received 12',
      );
      const summary = check.stderr.slice(check.stderr.indexOf('presswire check: FAILED'));
      expect(summary.split('\n').slice(1)).toEqual([
        'front matter read as: 8 jekyll',
        '4 of 9 posts read, 5 failed; most common causes:',
        '      3 × date: expected a date such as 2014-03-12, 2014-03-12 10:00:00, 2014-03-12 10:00:00 -0500 or 2014-03-12T10:00:00+01:00',
        expect.stringMatching(/^ {6}1 × expected valid YAML front matter but the parser said: /),
        '      1 × title: expected a non-empty string',
        '',
      ]);
      // Nothing was written by check.
      await expect(readdir(path.join(root, 'out'))).rejects.toThrow();
      // A build publishes the posts it can read; a rebuild from the article cache says the same.
      for (const run of ['cold', 'from the cache']) {
        const build = await runCli(['build'], { cwd: root, env: { PRESSWIRE_NOW: NOW } });
        expect([run, build.code]).toEqual([run, 1]);
        expect(build.stderr).toContain(
          '\nfront matter read as: 8 jekyll\n4 of 9 posts read, 5 failed; most common causes:\n',
        );
      }
      const atom = await parseWithFeedparser(path.join(root, 'out', 'feed.xml'));
      expect(atom.entries).toHaveLength(3);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
