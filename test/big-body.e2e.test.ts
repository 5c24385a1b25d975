import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, checkWellFormedXml, parseWithFeedparser } from './support/validators.js';

/**
 * Hostile input (docs/refusals.md, "Bodies"): "A 10 MB article body builds with bounded memory
 * and time." The real CLI runs with its V8 heap capped (a build that needed more would die, not
 * swap), on a body of honest Markdown: paragraphs, emphasis, links, lists, a table, code and
 * raw HTML.
 */

const HEAP_LIMIT_MB = 512;
/** Wall-clock bound for the whole build; a laptop needs about a quarter of it. */
const BUILD_LIMIT_MS = 150_000;

function tenMegabytes(): string {
  const blocks = [
    'The district court heard **eleven** witnesses on Tuesday, and the [transcript](/documents/transcript/) runs to 400 pages — “a record,” one clerk said.\n',
    '- Water points: 14 of 31 out of order\n- Clinics: 3 closed since May\n- Schools: *no data*\n',
    '| District | Pumps | Working |\n|---|---|---|\n| Hollin | 12 | 5 |\n| Aurel | 19 | 12 |\n',
    '```\nquery = "SELECT * FROM pumps WHERE status <> \'ok\'";\n```\n',
    '<p>Raw HTML paragraph with <a href="../earlier/">a relative link</a> &amp; an entity.</p>\n',
    '> “We queue before dawn,” said a resident of Hollin, who asked not to be named.\n',
  ];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const block = `${blocks[i % blocks.length]}\n`;
    parts.push(block);
    size += Buffer.byteLength(block);
  }
  parts.push('The last paragraph of the long dispatch.\n');
  return parts.join('');
}

let newsroom: Newsroom;
let result: CliResult;
let elapsed: number;

beforeAll(async () => {
  newsroom = await makeNewsroom();
  const body = tenMegabytes();
  expect(Buffer.byteLength(body)).toBeGreaterThanOrEqual(10 * 1024 * 1024);
  await newsroom.write(
    '2026/long.md',
    article({ title: 'The Longest Dispatch', published: '2026-10-01T08:00:00Z' }, body),
  );
  await newsroom.write('2026/short.md', article({ title: 'A Short Dispatch', published: '2026-10-02T08:00:00Z' }));
  const started = performance.now();
  result = await runCli(['build'], {
    cwd: newsroom.root,
    env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z', NODE_OPTIONS: `--max-old-space-size=${HEAP_LIMIT_MB}` },
    timeoutMs: BUILD_LIMIT_MS,
  });
  elapsed = performance.now() - started;
}, BUILD_LIMIT_MS + 30_000);

afterAll(() => newsroom?.remove());

describe('a 10 MB article body', () => {
  it(`builds within ${BUILD_LIMIT_MS / 1000} s and a ${HEAP_LIMIT_MB} MB heap`, () => {
    expect(result.stderr).not.toMatch(/heap out of memory|internal error|\n\s+at /);
    expect(result.code).toBe(0);
    expect(elapsed).toBeLessThan(BUILD_LIMIT_MS);
  });

  it('warns that the feeds carry the first part, with a link to the article', () => {
    expect(result.stderr).toMatch(
      /warning: articles\/2026\/long\.md:5: body: expected a body of at most 1,000,000 characters of HTML but received [\d,]+; the feeds carry (its|the) first [\d,]+ (characters )?and a link to the article/,
    );
  });

  it(
    'leaves feeds that every independent parser reads (libxml2 refuses text nodes over 10 MB)',
    { timeout: 120_000 },
    async () => {
      const file = (name: string) => path.join(newsroom.out, name);
      expect(await checkWellFormedXml(file('atom.xml'))).toEqual({ ok: true, errors: [] });
      expect(await checkWellFormedXml(file('rss.xml'))).toEqual({ ok: true, errors: [] });
      expect(await checkAtomRfc4287(file('atom.xml'))).toEqual({ ok: true, errors: [] });
      expect(await checkJsonFeed11(file('feed.json'))).toEqual({ ok: true, errors: [] });
      for (const name of ['atom.xml', 'rss.xml']) {
        const parsed = await parseWithFeedparser(file(name));
        expect(parsed.bozo, parsed.bozo_exception ?? '').toBe(false);
        expect(parsed.entries.map((e) => e.title).sort()).toEqual(['A Short Dispatch', 'The Longest Dispatch']);
      }
      const json = JSON.parse(await newsroom.read('feed.json')) as { items: { title: string; content_html: string }[] };
      const long = json.items.find((item) => item.title === 'The Longest Dispatch');
      expect(long?.content_html.startsWith('<p>The district court heard <strong>eleven</strong> witnesses')).toBe(true);
      expect(
        long?.content_html.endsWith(
          '<p><a href="https://news.northwind-rights.example/news/2026/10/long/">This article is longer than a feed carries: read the full article.</a></p>\n',
        ),
      ).toBe(true);
      expect(long?.content_html.length).toBeLessThan(1_100_000);
    },
  );
});
