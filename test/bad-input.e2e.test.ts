import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser } from './support/validators.js';

/**
 * One bad article is reported (file, line, key, what was expected) and left out; every
 * other article is still published, valid (SPEC §1, §5).
 */

const GOOD_ID = 'tag:news.northwind-rights.example,2026-10-01:good';
let newsroom: Newsroom;

beforeEach(async () => {
  newsroom = await makeNewsroom();
  await newsroom.write('2026/good.md', article({ title: 'Good Dispatch', published: '2026-10-01T08:00:00Z' }));
  await writeJpeg(path.join(newsroom.articles, 'images/photo.jpg'), 600, 400);
});
afterEach(() => newsroom.remove());

const cases: { name: string; file: string; content: string; message: string }[] = [
  {
    name: 'missing title',
    file: '2026/bad.md',
    content: article({ published: '2026-10-02T08:00:00Z' }),
    message: 'articles/2026/bad.md:2: title: expected a non-empty string but received nothing',
  },
  {
    name: 'unparsable date',
    file: '2026/bad.md',
    content: article({ title: 'Bad', published: 'last Tuesday' }),
    message: 'articles/2026/bad.md:3: published: expected an ISO 8601 date-time with offset',
  },
  {
    name: 'impossible date',
    file: '2026/bad.md',
    content: article({ title: 'Bad', published: '2018-02-30' }),
    message:
      'articles/2026/bad.md:3: published: expected a real calendar date (2018-02 has 28 days) but received "2018-02-30"',
  },
  {
    name: 'YAML syntax error',
    file: '2026/bad.md',
    content: '---\ntitle: Bad\npublished: 2026-10-02T08:00:00Z\ntags: [one, two\n---\nBody\n',
    // The unclosed flow sequence opens on line 4.
    message: 'articles/2026/bad.md:4: expected valid YAML front matter but the parser said: Flow sequence',
  },
  {
    name: 'image path outside articles/',
    file: '2026/bad.md',
    content: article({
      title: 'Bad',
      published: '2026-10-02T08:00:00Z',
      image: { src: '../../../etc/passwd.jpg', alt: 'x' },
    }),
    message:
      'articles/2026/bad.md:4: image.src: expected a path that stays inside the articles folder but received "../../../etc/passwd.jpg"',
  },
  {
    name: 'missing image file',
    file: '2026/bad.md',
    content: article({
      title: 'Bad',
      published: '2026-10-02T08:00:00Z',
      image: { src: '../images/nope.jpg', alt: 'x' },
    }),
    message:
      'articles/2026/bad.md:4: image.src: expected an image file but there is no file at this path (articles/images/nope.jpg)',
  },
  {
    name: 'missing alt text',
    file: '2026/bad.md',
    content: article({ title: 'Bad', published: '2026-10-02T08:00:00Z', image: { src: '../images/photo.jpg' } }),
    message: 'articles/2026/bad.md:4: image.alt: expected a non-empty alt text but received nothing',
  },
  {
    name: 'duplicate id',
    file: '2026/copy.md',
    content: article({ title: 'Copy', published: '2026-10-03T08:00:00Z', id: GOOD_ID }),
    message: `articles/2026/copy.md:4: id: expected a unique id but received "${GOOD_ID}", already used by articles/2026/good.md`,
  },
  {
    name: 'duplicate slug',
    file: '2025/good.md',
    content: article({ title: 'Same Slug', published: '2026-10-05T08:00:00Z' }),
    message:
      'articles/2025/good.md: slug: expected a unique slug but received "good", already used by articles/2026/good.md',
  },
];

describe('bad input', () => {
  it.each(cases)(
    '$name: reported with file, line and key; the good article is still published',
    async ({ file, content, message }) => {
      await newsroom.write(file, content);
      const result = await runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' } });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: ${message}`);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user error
      expect(result.stderr).toMatch(/presswire build: FAILED — 1 entry .* 1 failed; 1 error, 0 warnings;/);

      const atom = await parseWithFeedparser(path.join(newsroom.out, 'atom.xml'));
      const rss = await parseWithFeedparser(path.join(newsroom.out, 'rss.xml'));
      expect(atom.bozo).toBe(false);
      expect(rss.bozo).toBe(false);
      expect(atom.entries.map((e) => e.id)).toEqual([GOOD_ID]);
      expect(rss.entries.map((e) => e.id)).toEqual([GOOD_ID]);
      expect(await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
      expect(await checkJsonFeed11(path.join(newsroom.out, 'feed.json'))).toEqual({ ok: true, errors: [] });
    },
  );

  it('check reports the same problems and writes nothing', async () => {
    await newsroom.write('2026/bad.md', article({ published: '2026-10-02T08:00:00Z' }));
    const result = await runCli(['check'], { cwd: newsroom.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: articles/2026/bad.md:2: title: expected a non-empty string but received nothing',
    );
    expect(await readdir(newsroom.root)).toEqual(['articles', 'presswire.config.json']);
  });

  it('a bad config is its own exit code, with the key and what was expected', async () => {
    await newsroom.writeConfig({ site: { url: 'ftp://x' }, feeds: { limit: 0 } });
    const result = await runCli(['build'], { cwd: newsroom.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'presswire: presswire.config.json: site.url: expected an absolute http(s) URL but received the string "ftp://x"',
        'presswire.config.json: feeds.limit: expected a whole number at least 1 but received the number 0',
        '',
      ].join('\n'),
    );
  });
});
