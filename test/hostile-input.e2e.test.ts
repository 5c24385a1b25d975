import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import {
  checkAtomRfc4287,
  checkJsonFeed11,
  checkWellFormedXml,
  parseWithFeedparser,
  type FeedparserResult,
  type ValidationResult,
} from './support/validators.js';

/**
 * Hostile input (docs/refusals.md): files and front matter, paths,
 * dates, markup and every diagnostic, through the real CLI. One newsroom holds every hostile
 * file next to good and borderline-good articles and is built once (a build and the
 * independent validators take seconds; a build per case would take minutes). Each case is
 * its own test: the message it must produce (file, line, key, what was expected), and that
 * the feeds of the remaining articles were written and pass the independent parsers.
 */

const SITE = 'news.northwind-rights.example';
const NOW = '2026-11-28T00:00:00Z';
const id = (date: string, slug: string) => `tag:${SITE},${date}:${slug}`;

/** Articles that must be published, with what the feeds must say about them. */
const accepted: {
  name: string;
  file: string;
  content: string | Buffer;
  id: string;
  published: string;
  title: string;
}[] = [
  {
    name: 'a plain article',
    file: 'good/plain.md',
    content: article({ title: 'Water Points Hearing Adjourned', published: '2026-10-01T08:00:00Z' }),
    id: id('2026-10-01', 'plain'),
    published: '2026-10-01T08:00:00Z',
    title: 'Water Points Hearing Adjourned',
  },
  {
    name: 'CRLF line endings',
    file: 'good/crlf.md',
    content:
      '---\r\ntitle: "Windows Line Endings"\r\npublished: 2026-10-02T08:00:00Z\r\n---\r\nFirst paragraph.\r\n\r\nSecond.\r\n',
    id: id('2026-10-02', 'crlf'),
    published: '2026-10-02T08:00:00Z',
    title: 'Windows Line Endings',
  },
  {
    name: 'a UTF-8 byte order mark (and CRLF)',
    file: 'good/bom.md',
    content: '\uFEFF---\r\ntitle: "Byte Order Mark"\r\npublished: 2026-10-03T08:00:00Z\r\n---\r\nBody.\r\n',
    id: id('2026-10-03', 'bom'),
    published: '2026-10-03T08:00:00Z',
    title: 'Byte Order Mark',
  },
  {
    name: 'front matter only (no body)',
    file: 'good/front-matter-only.md',
    content: '---\ntitle: "Photo Of The Day"\npublished: 2026-10-04T08:00:00Z\n---\n',
    id: id('2026-10-04', 'front-matter-only'),
    published: '2026-10-04T08:00:00Z',
    title: 'Photo Of The Day',
  },
  {
    name: 'a bare date (00:00 UTC)',
    file: 'dates/bare.md',
    content: article({ title: 'Bare Date', published: '2018-06-12' }),
    id: id('2018-06-12', 'bare'),
    published: '2018-06-12T00:00:00Z',
    title: 'Bare Date',
  },
  {
    name: 'an offset',
    file: 'dates/offset.md',
    content: article({ title: 'Offset', published: '2018-06-12T09:30:00+08:00' }),
    // The derived id carries the UTC date (SPEC §1: "derived from site + slug + published date").
    id: id('2018-06-12', 'offset'),
    published: '2018-06-12T01:30:00Z',
    title: 'Offset',
  },
  {
    name: 'Z',
    file: 'dates/zulu.md',
    content: article({ title: 'Zulu', published: '2018-06-14T10:00:00Z' }),
    id: id('2018-06-14', 'zulu'),
    published: '2018-06-14T10:00:00Z',
    title: 'Zulu',
  },
  {
    name: 'fractional seconds',
    file: 'dates/fraction.md',
    content: article({ title: 'Fraction', published: '2018-06-14T10:00:00.5Z' }),
    id: id('2018-06-14', 'fraction'),
    // feedparser reads whole seconds; the JSON Feed keeps the milliseconds (checked below).
    published: '2018-06-14T10:00:00Z',
    title: 'Fraction',
  },
  {
    name: '29 February in a leap year',
    file: 'dates/leap-day.md',
    content: article({ title: 'Leap Day', published: '2024-02-29' }),
    id: id('2024-02-29', 'leap-day'),
    published: '2024-02-29T00:00:00Z',
    title: 'Leap Day',
  },
  {
    name: 'a remote https image in the body (kept as an external absolute URL)',
    file: 'paths/remote-body-image.md',
    content: article(
      { title: 'Remote Body Image', published: '2026-10-05T08:00:00Z' },
      'See the agency photo:\n\n![Flooded road](https://photos.example.org/flood.jpg)\n',
    ),
    id: id('2026-10-05', 'remote-body-image'),
    published: '2026-10-05T08:00:00Z',
    title: 'Remote Body Image',
  },
  {
    name: 'hostile markup in the body (published, sanitized)',
    file: 'markup/hostile-markup.md',
    content: article(
      { title: 'Hostile Markup', published: '2026-10-06T08:00:00Z' },
      [
        'Intro <script>alert(1)</script> [x](javascript:alert(2)) <img src="https://cdn.example/a.jpg" onerror="alert(3)">',
        '',
        '<svg><script>alert(4)</script></svg><iframe srcdoc="<script>alert(5)</script>"></iframe><base href="https://evil.example/">',
        '',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><form action="https://evil.example/"><input name=q></form>',
        '',
        '<scr<script>ipt>alert(6)</script> <a href="java&#x09;script:alert(7)">tab</a> <p style="x" class="corrections" onclick="alert(8)">p</p>',
        '',
        '[relative](other/) [root](/about/) [fragment](#part-2) [protocol-relative](//cdn.example/x) [absolute](https://example.org/a?b=1&c=2)',
        '',
      ].join('\n'),
    ),
    id: id('2026-10-06', 'hostile-markup'),
    published: '2026-10-06T08:00:00Z',
    title: 'Hostile Markup',
  },
  {
    name: 'hostile text in every field (published exactly as written)',
    file: 'text/hostile-text.md',
    content: article({
      title: 'AT&T, Tom &amp; Jerry, <b>bold</b> ]]> "quotes" \u202Eשלום\u202C 👩‍👩‍👧 e\u0301',
      published: '2026-10-07T08:00:00Z',
      dek: 'Dek with </p> & ]]>]]> and a control\u0001 character',
      authors: ['A. Reporter & <Co>'],
      section: 'Asia & <Pacific>',
      tags: ['"Quoted"', 'a]]>b', 'x &nbsp; y'],
      corrections: [{ date: '2026-10-08T08:00:00Z', text: 'Fixed </li><script>alert(1)</script> & ]]>' }],
    }),
    id: id('2026-10-07', 'hostile-text'),
    published: '2026-10-07T08:00:00Z',
    title: 'AT&T, Tom &amp; Jerry, <b>bold</b> ]]> "quotes" \u202Eשלום\u202C 👩‍👩‍👧 e\u0301',
  },
];

/** What a refused file must print: `error: <fragment>`. */
const refused: { name: string; file: string; content: string | Buffer; message: string }[] = [
  // Files and front matter
  {
    name: 'an empty file',
    file: 'bad/empty.md',
    content: '',
    message:
      'articles/bad/empty.md:1: expected an article (YAML front matter between "---" lines, then Markdown) but received an empty file',
  },
  {
    name: 'a body without front matter',
    file: 'bad/body-only.md',
    content: '# Headline\n\nJust Markdown.\n',
    message:
      'articles/bad/body-only.md:1: expected YAML front matter between "---" lines at the top of the file but received none',
  },
  {
    name: 'front matter without its closing line',
    file: 'bad/unclosed.md',
    content: '---\ntitle: Unclosed\npublished: 2026-10-01\nBody.\n',
    message:
      'articles/bad/unclosed.md:1: expected a closing "---" line after the front matter but the file ended first',
  },
  {
    name: 'JavaScript front matter (never run)',
    file: 'bad/javascript.md',
    content: '---js\n{ title: (process.stdout.write("PWNED\\n"), "x"), published: "2026-10-01" }\n---\nBody.\n',
    message:
      'articles/bad/javascript.md:1: expected the opening line to be exactly "---" (front matter is YAML, nothing else) but received "---js"',
  },
  {
    name: 'a file that is not UTF-8 (Latin-1 "é")',
    file: 'bad/latin1.md',
    content: Buffer.concat([
      Buffer.from('---\ntitle: "Caf'),
      Buffer.from([0xe9]),
      Buffer.from('"\npublished: 2026-10-01\n---\nBody.\n'),
    ]),
    message:
      'articles/bad/latin1.md:2: expected a UTF-8 text file but received bytes that are not valid UTF-8 (byte 15: 0xe9)',
  },
  {
    name: 'duplicate keys',
    file: 'bad/duplicate-keys.md',
    content: '---\ntitle: First\npublished: 2026-10-01\ntitle: Second\n---\nBody.\n',
    message:
      'articles/bad/duplicate-keys.md:4: expected valid YAML front matter but the parser said: Map keys must be unique',
  },
  {
    name: 'an alias bomb ("billion laughs")',
    file: 'bad/alias-bomb.md',
    content: [
      '---',
      'title: Bomb',
      'published: 2026-10-01',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'
        .split('')
        .map((c, i) => `${c}: &${c} [${Array.from({ length: 9 }, () => `*${'abcdefghi'[i]}`).join(',')}]`),
      '---',
      'Body.',
      '',
    ].join('\n'),
    message: 'articles/bad/alias-bomb.md:2: expected YAML front matter without an alias explosion ("billion laughs")',
  },
  {
    name: 'a custom tag (!include)',
    file: 'bad/include-tag.md',
    content: '---\ntitle: !include /etc/passwd\npublished: 2026-10-01\n---\nBody.\n',
    message:
      'articles/bad/include-tag.md:2: expected valid YAML front matter but the parser said: Unresolved tag: !include',
  },
  {
    name: 'a language tag (!!js/function)',
    file: 'bad/js-tag.md',
    content: '---\ntitle: T\npublished: !!js/function "function () { return 1 }"\n---\nBody.\n',
    message:
      'articles/bad/js-tag.md:3: expected valid YAML front matter but the parser said: Unresolved tag: tag:yaml.org,2002:js/function',
  },
  {
    name: 'a non-core tag (!!binary)',
    file: 'bad/binary-tag.md',
    content: '---\ntitle: !!binary aGVsbG8=\npublished: 2026-10-01\n---\nBody.\n',
    message:
      'articles/bad/binary-tag.md:2: expected plain YAML values (text, numbers, lists, mappings) but received the tag !!binary',
  },
  {
    name: 'a 5 MB front matter',
    file: 'bad/huge-front-matter.md',
    content: `---\ntitle: Huge\npublished: 2026-10-01\nfiller: "${'x'.repeat(5 * 1024 * 1024)}"\n---\nBody.\n`,
    message: 'articles/bad/huge-front-matter.md:2: expected front matter of at most 256 KiB but received 5121 KiB',
  },
  {
    name: 'pathological nesting',
    file: 'bad/nesting.md',
    content: `---\ntitle: Deep\npublished: 2026-10-01\ntags: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\nBody.\n`,
    message: 'articles/bad/nesting.md:4: expected front matter nested at most 64 levels deep',
  },
  // Dates
  {
    name: 'an impossible date (2018-02-30)',
    file: 'bad/impossible-date.md',
    content: article({ title: 'Impossible', published: '2018-02-30' }),
    message:
      'articles/bad/impossible-date.md:3: published: expected a real calendar date (2018-02 has 28 days) but received "2018-02-30"',
  },
  {
    name: '29 February in a common year',
    file: 'bad/not-leap.md',
    content: article({ title: 'Not Leap', published: '2023-02-29' }),
    message:
      'articles/bad/not-leap.md:3: published: expected a real calendar date (2023-02 has 28 days) but received "2023-02-29"',
  },
  {
    name: 'year 10000',
    file: 'bad/year-10000.md',
    content: article({ title: 'Far Future', published: '10000-01-01T00:00:00Z' }),
    message:
      'articles/bad/year-10000.md:3: published: expected a date in the years 0001 to 9999 (UTC), as every feed format writes four-digit years but received "10000-01-01T00:00:00Z"',
  },
  {
    name: 'a correction dated before publication',
    file: 'bad/early-correction.md',
    content: article({
      title: 'Early',
      published: '2026-10-01T08:00:00Z',
      corrections: [{ date: '2026-09-30T08:00:00Z', text: 'Fixed.' }],
    }),
    message:
      'articles/bad/early-correction.md:4: corrections.0.date: expected a correction dated at or after published (2026-10-01T08:00:00Z) but received "2026-09-30T08:00:00Z"',
  },
  {
    name: 'updated: before published',
    file: 'bad/early-update.md',
    content: article({ title: 'Early', published: '2026-10-01T08:00:00Z', updated: '2026-09-01T08:00:00Z' }),
    message:
      'articles/bad/early-update.md:4: updated: expected a time at or after published (2026-10-01T08:00:00Z) but received "2026-09-01T08:00:00Z"',
  },
  // Paths
  {
    name: 'a lead image with ../ out of articles/',
    file: 'bad/dotdot.md',
    content: article({ title: 'Dot Dot', published: '2026-10-01', image: { src: '../../secret.jpg', alt: 'x' } }),
    message:
      'articles/bad/dotdot.md:4: image.src: expected a path that stays inside the articles folder but received "../../secret.jpg"',
  },
  {
    name: 'a lead image with an absolute path',
    file: 'bad/absolute.md',
    content: article({ title: 'Absolute', published: '2026-10-01', image: { src: '/etc/passwd', alt: 'x' } }),
    message:
      'articles/bad/absolute.md:4: image.src: expected a path relative to the article file, not an absolute path but received "/etc/passwd"',
  },
  {
    name: 'a lead image with URL-encoded %2e%2e',
    file: 'bad/encoded.md',
    content: article({
      title: 'Encoded',
      published: '2026-10-01',
      image: { src: '%2e%2e/%2e%2e/secret.jpg', alt: 'x' },
    }),
    message:
      'articles/bad/encoded.md:4: image.src: expected a path that stays inside the articles folder but received "%2e%2e/%2e%2e/secret.jpg"',
  },
  {
    name: 'a lead image through a symbolic link that leaves articles/',
    file: 'bad/symlink.md',
    content: article({ title: 'Symlink', published: '2026-10-01', image: { src: 'escape.jpg', alt: 'x' } }),
    message:
      'articles/bad/symlink.md:4: image.src: expected an image inside the articles folder but the path leads outside it (through a symbolic link)',
  },
  {
    name: 'a remote https lead image',
    file: 'bad/remote-lead.md',
    content: article({
      title: 'Remote Lead',
      published: '2026-10-01',
      image: { src: 'https://photos.example.org/lead.jpg', alt: 'x' },
    }),
    message:
      'articles/bad/remote-lead.md:4: image.src: expected a local image file, relative to the article file (a remote or data: image cannot be measured or renditioned; remote https images may be used in the body)',
  },
  {
    name: 'a body image with ../ out of articles/',
    file: 'bad/body-dotdot.md',
    content: article({ title: 'Body Dot Dot', published: '2026-10-01' }, 'Intro.\n\n![x](../../secret.jpg)\n'),
    message:
      'articles/bad/body-dotdot.md:7: body: image "../../secret.jpg": expected a path that stays inside the articles folder but received "../../secret.jpg"',
  },
  {
    name: 'a body image with URL-encoded %2e%2e, in raw HTML',
    file: 'bad/body-encoded.md',
    content: article(
      { title: 'Body Encoded', published: '2026-10-01' },
      'Intro.\n\nMore.\n\n<img src="%2e%2e/%2e%2e/secret.jpg" alt="x">\n',
    ),
    message:
      'articles/bad/body-encoded.md:9: body: image "%2e%2e/%2e%2e/secret.jpg": expected a path that stays inside the articles folder',
  },
  {
    name: 'a body image with an absolute path',
    file: 'bad/body-absolute.md',
    content: article({ title: 'Body Absolute', published: '2026-10-01' }, '![x](/etc/passwd)\n'),
    message:
      'articles/bad/body-absolute.md:5: body: image "/etc/passwd": expected a path relative to the article file, not an absolute path',
  },
  {
    name: 'a body image through a symbolic link that leaves articles/',
    file: 'bad/body-symlink.md',
    content: article({ title: 'Body Symlink', published: '2026-10-01' }, 'Intro.\n\n![x](escape.jpg)\n'),
    message:
      'articles/bad/body-symlink.md:7: body image escape.jpg: expected an image inside the articles folder but the path leads outside it (through a symbolic link)',
  },
  // Markup that would hang the renderer
  {
    name: 'a body that would take minutes to render',
    file: 'bad/slow-body.md',
    content: article({ title: 'Slow', published: '2026-10-01' }, `${'_a'.repeat(100_000)}\n`),
    message: 'articles/bad/slow-body.md:5: body: expected Markdown that renders in',
  },
  {
    name: 'a body nested too deeply to render',
    file: 'bad/deep-body.md',
    content: article({ title: 'Deep', published: '2026-10-01' }, `${'>'.repeat(50_000)} x\n`),
    message:
      'articles/bad/deep-body.md:5: body: expected Markdown nested less deeply but the renderer ran out of stack',
  },
];

let newsroom: Newsroom;
let result: CliResult;
const feeds: {
  rss?: FeedparserResult;
  atom?: FeedparserResult;
  json?: {
    items: {
      id: string;
      title: string;
      summary?: string;
      date_published: string;
      content_html: string;
      tags?: string[];
      authors?: { name: string }[];
      _corrections?: { items: { text: string }[] };
    }[];
  };
  checks: Record<string, ValidationResult>;
} = { checks: {} };

beforeAll(async () => {
  newsroom = await makeNewsroom();
  for (const { file, content } of [...accepted, ...refused]) {
    await mkdir(path.dirname(path.join(newsroom.articles, file)), { recursive: true });
    await writeFile(path.join(newsroom.articles, file), content);
  }
  // A real JPEG outside articles/, reachable only through symbolic links inside it.
  const outside = path.join(newsroom.root, 'outside.jpg');
  await writeJpeg(outside, 640, 480);
  await symlink(outside, path.join(newsroom.articles, 'bad/escape.jpg'));
  // A symbolic link named like an article, pointing outside articles/.
  await writeFile(path.join(newsroom.root, 'secret.md'), article({ title: 'SECRET OUTSIDE', published: '2026-10-01' }));
  await symlink(path.join(newsroom.root, 'secret.md'), path.join(newsroom.articles, 'bad/linked-article.md'));

  result = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW }, timeoutMs: 120_000 });

  const file = (name: string) => path.join(newsroom.out, name);
  const [rss, atom, atomCheck, jsonCheck, rssXml, atomXml] = await Promise.all([
    parseWithFeedparser(file('rss.xml')),
    parseWithFeedparser(file('atom.xml')),
    checkAtomRfc4287(file('atom.xml')),
    checkJsonFeed11(file('feed.json')),
    checkWellFormedXml(file('rss.xml')),
    checkWellFormedXml(file('atom.xml')),
  ]);
  feeds.rss = rss;
  feeds.atom = atom;
  feeds.json = JSON.parse(await newsroom.read('feed.json')) as NonNullable<typeof feeds.json>;
  feeds.checks = {
    'atom.xml RFC 4287': atomCheck,
    'feed.json JSON Feed 1.1': jsonCheck,
    'rss.xml well-formed': rssXml,
    'atom.xml well-formed': atomXml,
    'rss.xml feedparser': { ok: !rss.bozo, errors: rss.bozo_exception ? [rss.bozo_exception] : [] },
    'atom.xml feedparser': { ok: !atom.bozo, errors: atom.bozo_exception ? [atom.bozo_exception] : [] },
  };
}, 180_000);

afterAll(() => newsroom?.remove());

/** The feeds of the remaining articles are written, hold exactly them, and pass every independent check. */
function expectRemainingFeedsValid(): void {
  for (const [name, check] of Object.entries(feeds.checks)) expect(check, name).toEqual({ ok: true, errors: [] });
  const ids = accepted.map((a) => a.id).sort();
  expect(feeds.atom?.entries.map((e) => e.id).sort()).toEqual(ids);
  expect(feeds.rss?.entries.map((e) => e.id).sort()).toEqual(ids);
  expect(feeds.json?.items.map((e) => e.id).sort()).toEqual(ids);
}

describe('every hostile file ends in a clear diagnostic; the rest is published', () => {
  it('the build fails with exit code 1, a summary, and no stack trace', () => {
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toMatch(
      new RegExp(`presswire build: FAILED — ${accepted.length} entries .* ${refused.length} failed;`),
    );
    expectRemainingFeedsValid();
  });

  it.each(refused)('$name', ({ message }) => {
    expect(result.stderr).toContain(`error: ${message}`);
    expectRemainingFeedsValid();
  });

  it('never runs front matter as code', () => {
    expect(result.stdout).not.toContain('PWNED');
  });

  it('reads no article through a symbolic link that leaves articles/', async () => {
    for (const name of ['rss.xml', 'atom.xml', 'feed.json'])
      expect(await newsroom.read(name)).not.toContain('SECRET OUTSIDE');
  });
});

describe('borderline-good articles are published with the right values', () => {
  it.each(accepted)('$name', ({ id: entryId, published, title }) => {
    const atom = feeds.atom?.entries.find((e) => e.id === entryId);
    const rss = feeds.rss?.entries.find((e) => e.id === entryId);
    const json = feeds.json?.items.find((e) => e.id === entryId);
    expect(atom?.title).toBe(title);
    expect(rss?.title_detail_type === 'text/html' ? decodeHtml(rss.title ?? '') : rss?.title).toBe(title);
    expect(json?.title).toBe(title);
    expect(atom?.published).toBe(published);
    expect(rss?.published).toBe(published);
    expectRemainingFeedsValid();
  });

  it('fractional seconds survive in the JSON Feed and Atom', async () => {
    expect(feeds.json?.items.find((e) => e.id === id('2018-06-14', 'fraction'))?.date_published).toBe(
      '2018-06-14T10:00:00.500Z',
    );
    expect(await newsroom.read('atom.xml')).toContain('<published>2018-06-14T10:00:00.500Z</published>');
  });

  it('a remote body image stays an external absolute URL without renditions', () => {
    const html = feeds.json?.items.find((e) => e.id === id('2026-10-05', 'remote-body-image'))?.content_html ?? '';
    expect(html).toContain(
      '<img src="https://photos.example.org/flood.jpg" alt="Flooded road" loading="lazy" decoding="async" />',
    );
    expect(html).not.toContain('srcset');
  });

  it('hostile markup reaches no feed: sanitized in every format, links absolute', async () => {
    const json = feeds.json?.items.find((e) => e.id === id('2026-10-06', 'hostile-markup'))?.content_html ?? '';
    const fromFeedparser = [feeds.atom, feeds.rss].map(
      (f) => f?.entries.find((e) => e.id === id('2026-10-06', 'hostile-markup'))?.content[0]?.value ?? '',
    );
    for (const html of [json, ...fromFeedparser]) {
      expect(html).not.toMatch(/<(script|svg|iframe|base|meta|form|input|style)\b/i);
      expect(html).not.toMatch(/\son\w+=|javascript:|class="corrections"/i);
      expect(html).toContain('href="https://news.northwind-rights.example/news/2026/10/hostile-markup/other/"');
      expect(html).toContain('href="https://news.northwind-rights.example/about/"');
      expect(html).toContain('href="https://news.northwind-rights.example/news/2026/10/hostile-markup/#part-2"');
      expect(html).toContain('href="https://cdn.example/x"');
      expect(html).toContain('href="https://example.org/a?b=1&amp;c=2"');
    }
    // The raw XML carries the HTML as it is, in a CDATA section: the script survives only as
    // HTML-escaped text, never as an element, in the XML or in the HTML it carries.
    const atom = await newsroom.read('atom.xml');
    expect(atom).not.toMatch(/<script/i);
    expect(atom).toContain('<content type="html"><![CDATA[');
    expect(atom).toContain('Fixed &lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;');
  });

  it('hostile text reaches every consumer as written', () => {
    const entryId = id('2026-10-07', 'hostile-text');
    const atom = feeds.atom?.entries.find((e) => e.id === entryId);
    const rss = feeds.rss?.entries.find((e) => e.id === entryId);
    const json = feeds.json?.items.find((e) => e.id === entryId);
    const dek = 'Dek with </p> & ]]>]]> and a control character';
    expect(atom?.summary).toBe(dek);
    expect(decodeHtml(rss?.summary ?? '')).toBe(dek);
    expect(json?.summary).toBe(dek);
    for (const entry of [atom, rss]) {
      expect(entry?.tags).toEqual(['Asia & <Pacific>', '"Quoted"', 'a]]>b', 'x &nbsp; y']);
      expect(entry?.author).toBe('A. Reporter & <Co>');
    }
    expect(json?.tags).toEqual(['Asia & <Pacific>', '"Quoted"', 'a]]>b', 'x &nbsp; y']);
    expect(json?.authors).toEqual([{ name: 'A. Reporter & <Co>' }]);
    expect(json?._corrections?.items[0]?.text).toBe('Fixed </li><script>alert(1)</script> & ]]>');
    expect(json?.content_html).toContain('Fixed &lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;</li>');
  });
});

/** HTML text → the characters it shows (only what these tests use). */
function decodeHtml(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
