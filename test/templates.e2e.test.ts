import { access, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, checkWellFormedXml, parseWithFeedparser } from './support/validators.js';

/**
 * Bodies written for Jekyll, Eleventy and Hugo, built by the real CLI with a `static` folder
 * (docs/article-format.md, "Template syntax in bodies" and "Images where your site keeps
 * them: `static`"): no template syntax reaches a feed except what the author kept
 * literal, URL variables and filters became the site's absolute URLs, links to other
 * articles go to their URLs, shortcode figures have their renditions, and what was removed
 * is named with file, line and tag.
 */

const NOW = '2026-11-28T00:00:00Z';
const SITE = 'https://example.org/blog/';
const FIRST_URL = `${SITE}news/2014/03/first-post/`;

/** Text the authors kept literal: a Liquid raw block and a commented Hugo shortcode. */
const RAW_TEXT = '{{ page.title }} and {% if x %}';
const COMMENTED_SHORTCODE = '{{< figure src="literal.jpg" >}}';

const JEKYLL_BODY = [
  'Read [about us]({{ site.baseurl }}/about/) and [contact]({{ "/contact/" | relative_url }}).', // line 1 of the body
  '',
  'The [team]({{ site.url }}{{ site.baseurl }}/team/) and [press]({{ "/press/" | absolute_url }}).',
  '',
  'Earlier: [the first post]({{ site.baseurl }}{% post_url 2014-03-12-first %}) and [again]({% link _posts/2014-03-12-first.md %}).',
  '',
  'Literal: {% raw %}{{ page.title }} and {% if x %}{% endraw %}',
  '',
  '![A chart](/assets/img/chart.jpg)',
  '',
  '{% include note.html %}',
  '',
  'Missing: [gone]({% post_url 2099-01-01-missing %}).',
  '',
  '{% youtube dQw4w9WgXcQ %}',
  '',
].join('\n');

const HUGO_BODY = [
  'A figure:',
  '',
  '{{< figure src="/images/harbour.jpg" caption="The harbour at dawn" alt="Boats in a harbour" >}}',
  '',
  'Watch: {{< youtube dQw4w9WgXcQ >}} or {{< vimeo 146022717 >}}.',
  '',
  'See [the first post]({{< ref "2014-03-12-first.md" >}}) and [again]({{% relref "/2014-03-12-first" %}}).',
  '',
  'Shown as written: {{</* figure src="literal.jpg" */>}}',
  '',
  '{{< tweet user="x" id="1" >}}',
  '',
].join('\n');

const ELEVENTY_BODY = [
  'Go to [events]({{ "/events/" | url }}).',
  '',
  '{% image "/images/market.jpg", "A market stall" %}',
  '',
  'A photo beside the article: ![Local](local.jpg)',
  '',
].join('\n');

let newsroom: Newsroom;
let result: CliResult;

function config(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    site: { title: 'Harbour Gazette', url: SITE },
    static: 'static',
    ...extra,
  });
}

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await writeFile(path.join(newsroom.root, 'presswire.config.json'), config());
  const staticDir = path.join(newsroom.root, 'static');
  await writeJpeg(path.join(staticDir, 'assets/img/lead.jpg'), 1000, 600);
  await writeJpeg(path.join(staticDir, 'assets/img/chart.jpg'), 800, 500);
  await writeJpeg(path.join(staticDir, 'images/harbour.jpg'), 1200, 800);
  await writeJpeg(path.join(staticDir, 'images/market.jpg'), 700, 700);
  await writeJpeg(path.join(newsroom.articles, '2024/local.jpg'), 600, 400);
  await newsroom.write(
    '2014-03-12-first.md',
    article({ title: 'The first post', published: '2014-03-12T10:00:00Z', slug: 'first-post' }),
  );
  await newsroom.write(
    '2024/jekyll.md',
    article(
      {
        title: 'Written for Jekyll',
        published: '2024-05-01T10:00:00Z',
        image: { src: '/assets/img/lead.jpg', alt: 'The lead' },
      },
      JEKYLL_BODY,
    ),
  );
  await newsroom.write(
    '2024/hugo.md',
    article({ title: 'Written for Hugo', published: '2024-05-02T10:00:00Z' }, HUGO_BODY),
  );
  await newsroom.write(
    '2024/eleventy.md',
    article({ title: 'Written for Eleventy', published: '2024-05-03T10:00:00Z' }, ELEVENTY_BODY),
  );
  result = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
}, 120_000);

afterAll(async () => {
  await newsroom?.remove();
});

interface JsonItem {
  title: string;
  url: string;
  content_html: string;
}

async function items(): Promise<JsonItem[]> {
  return (JSON.parse(await newsroom.read('feed.json')) as { items: JsonItem[] }).items;
}

async function contentOf(title: string): Promise<string> {
  const item = (await items()).find((i) => i.title === title);
  if (!item) throw new Error(`no item ${title}`);
  return item.content_html;
}

function hrefs(html: string): string[] {
  return DomUtils.findAll((el) => el.name === 'a', parseDocument(html).children).map((a) => a.attribs.href ?? '');
}

/** The content of every entry of every format, as HTML (feedparser decodes RSS and Atom). */
async function everyContent(): Promise<{ feed: string; title: string; html: string }[]> {
  const all: { feed: string; title: string; html: string }[] = [];
  for (const item of await items()) all.push({ feed: 'feed.json', title: item.title, html: item.content_html });
  for (const feed of ['rss.xml', 'atom.xml']) {
    const parsed = await parseWithFeedparser(path.join(newsroom.out, feed));
    for (const entry of parsed.entries) {
      all.push({ feed, title: entry.title ?? '', html: entry.content?.[0]?.value ?? '' });
    }
  }
  return all;
}

describe('template syntax in bodies, end to end', () => {
  it('builds every article (exit 0)', () => {
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
  });

  it('lets no template syntax reach any feed, except the text the author kept literal', async () => {
    const contents = await everyContent();
    expect(contents).toHaveLength(12);
    for (const { feed, title, html } of contents) {
      let text = DomUtils.textContent(parseDocument(html));
      if (title === 'Written for Jekyll') {
        expect(text, feed).toContain(RAW_TEXT);
        text = text.replace(RAW_TEXT, '');
      }
      if (title === 'Written for Hugo') {
        expect(text, feed).toContain(COMMENTED_SHORTCODE);
        text = text.replace(COMMENTED_SHORTCODE, '');
      }
      expect(text, `${feed}: ${title}`).not.toMatch(/\{\{|\{%|%\}|\}\}/);
      // Nor in an attribute, raw or %-encoded.
      expect(html.replace(/&lt;|&gt;/g, ''), `${feed}: ${title}`).not.toMatch(
        /href="[^"]*(\{|%7B)|src="[^"]*(\{|%7B)/i,
      );
    }
    // The raw files too: the stand-in of a link between articles never leaks.
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      expect(await newsroom.read(file)).not.toContain('presswire.invalid');
    }
  });

  it('resolves site-URL variables and URL filters to the absolute URLs under site.url', async () => {
    expect(hrefs(await contentOf('Written for Jekyll'))).toEqual([
      `${SITE}about/`,
      `${SITE}contact/`,
      `${SITE}team/`,
      `${SITE}press/`,
      FIRST_URL,
      FIRST_URL,
      // the link to an article presswire does not know keeps its text, without a link
      '',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ]);
    expect(await contentOf('Written for Jekyll')).toContain('Missing: <a>gone</a>.');
    expect(hrefs(await contentOf('Written for Eleventy'))).toEqual([`${SITE}events/`]);
  });

  it('turns video shortcodes into links and ref/relref into the linked article’s URL', async () => {
    expect(hrefs(await contentOf('Written for Hugo'))).toEqual([
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://vimeo.com/146022717',
      FIRST_URL,
      FIRST_URL,
    ]);
  });

  it('gives shortcode figures, site-root images and the front-matter image their renditions', async () => {
    const expectations: [string, string, number][] = [
      ['Written for Hugo', 'Boats in a harbour', 1],
      ['Written for Eleventy', 'A market stall', 1],
      ['Written for Eleventy', 'Local', 1],
      ['Written for Jekyll', 'A chart', 1],
      ['Written for Jekyll', 'The lead', 1],
    ];
    for (const [title, alt, count] of expectations) {
      const html = await contentOf(title);
      const images = DomUtils.findAll(
        (el) => el.name === 'img' && el.attribs.alt === alt,
        parseDocument(html).children,
      );
      expect(images, `${title}: ${alt}`).toHaveLength(count);
      const image = images[0];
      expect(image?.attribs.src?.startsWith(`${SITE}images/`), alt).toBe(true);
      const srcset = image?.attribs.srcset ?? '';
      expect(srcset, alt).toMatch(/ \d+w/);
      for (const candidate of srcset.split(', ')) {
        const url = candidate.split(' ')[0] ?? '';
        expect(url.startsWith(`${SITE}images/`), url).toBe(true);
        await access(path.join(newsroom.out, 'images', url.slice(`${SITE}images/`.length)));
      }
    }
    expect(await contentOf('Written for Hugo')).toMatch(
      /<figure>.*<img [^>]*alt="Boats in a harbour"[^>]*>.*<figcaption>The harbour at dawn<\/figcaption><\/figure>/s,
    );
  });

  it('names file, line and tag of everything it removed', () => {
    // Front matter is 5 lines (---, title, published, image, ---) for jekyll.md, 4 for hugo.md.
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual(
      expect.arrayContaining([
        'warning: articles/2024/jekyll.md:16: body: template tag {% include note.html %}: expected a tag presswire knows (raw, link, post_url, image, highlight, youtube, vimeo) but received include; removed',
        'warning: articles/2024/jekyll.md:18: body: link to "2099-01-01-missing": expected the path of exactly one article presswire publishes but received one it does not know (or that names several); the link was removed',
        'warning: articles/2024/hugo.md:15: body: template tag {{< tweet user="x" id="1" >}}: expected a shortcode presswire knows (figure, youtube, vimeo, ref, relref, highlight) but received tweet; removed',
      ]),
    );
    expect(warnings.filter((line) => line.includes('template tag') || line.includes('link to'))).toHaveLength(3);
  });

  it('writes feeds that the independent validators accept', async () => {
    for (const feed of ['rss.xml', 'atom.xml']) {
      expect((await checkWellFormedXml(path.join(newsroom.out, feed))).errors).toEqual([]);
    }
    expect((await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).errors).toEqual([]);
    expect((await checkJsonFeed11(path.join(newsroom.out, 'feed.json'))).errors).toEqual([]);
    const rss = await parseWithFeedparser(path.join(newsroom.out, 'rss.xml'));
    expect(rss.bozo).toBe(false);
  });
});

describe('a rebuild from the article cache', () => {
  it('reports the same warnings and rewrites nothing', async () => {
    const again = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
    expect(again.code).toBe(0);
    const warnings = (r: CliResult) =>
      r.stderr
        .split('\n')
        .filter((line) => line.startsWith('warning: '))
        .sort();
    expect(warnings(again)).toEqual(warnings(result));
    expect(again.stdout + again.stderr).toMatch(/ 0 written, /);
  }, 120_000);

  it('follows a linked article to its new URL, though the linking file did not change', async () => {
    await newsroom.write(
      '2014-03-12-first.md',
      article({ title: 'The first post', published: '2014-03-12T10:00:00Z', slug: 'first-story' }),
    );
    const again = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
    expect(again.code).toBe(0);
    const moved = `${SITE}news/2014/03/first-story/`;
    expect(hrefs(await contentOf('Written for Hugo'))).toEqual([
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://vimeo.com/146022717',
      moved,
      moved,
    ]);
  }, 120_000);
});

describe('site-root images that are not in the static folder', () => {
  let bad: Newsroom;
  let badResult: CliResult;

  beforeAll(async () => {
    bad = await makeNewsroom();
    await writeFile(path.join(bad.root, 'presswire.config.json'), config());
    await writeJpeg(path.join(bad.root, 'outside.jpg'), 400, 300);
    await mkdir(path.join(bad.root, 'static/images'), { recursive: true });
    await symlink(path.join(bad.root, 'outside.jpg'), path.join(bad.root, 'static/images/linked.jpg'));
    await writeJpeg(path.join(bad.root, 'static/images/fine.jpg'), 400, 300);
    const at = (title: string, src: string) =>
      article({ title, published: '2024-05-01T10:00:00Z', image: { src, alt: 'x' } });
    await bad.write('dotdot.md', at('Dot dot', '/../outside.jpg'));
    await bad.write('linked.md', at('Linked', '/images/linked.jpg'));
    await bad.write('missing.md', at('Missing', '/images/missing.jpg'));
    await bad.write('fine.md', at('Fine', '/images/fine.jpg'));
    badResult = await runCli(['build'], { cwd: bad.root, env: { PRESSWIRE_NOW: NOW } });
  }, 120_000);

  afterAll(async () => {
    await bad?.remove();
  });

  it('fails those articles with a clear error and publishes the rest', async () => {
    expect(badResult.code).not.toBe(0);
    const errors = badResult.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([
      'error: articles/dotdot.md:4: image.src: expected a site-root path that stays inside the static folder but received "/../outside.jpg"',
      'error: articles/linked.md:4: image.src: expected an image inside the static folder but the path leads outside it (through a symbolic link) (static/images/linked.jpg)',
      'error: articles/missing.md:4: image.src: expected an image file but there is no file at this path (static/images/missing.jpg)',
    ]);
    const feed = JSON.parse(await readFile(path.join(bad.out, 'feed.json'), 'utf8')) as { items: JsonItem[] };
    expect(feed.items.map((item) => item.title)).toEqual(['Fine']);
  });
});
