import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, parseWithFeedparser } from './support/validators.js';

/**
 * Full history for backfill (RFC 5005; docs/partner-feeds.md, "Full history: the archive (RFC
 * 5005)"), end to end. Pages of 2 slots and a window of 2: five articles make archive/1.xml [a
 * b], archive/2.xml [c d], archive/3.xml [e].
 */

const HOST = 'news.northwind-rights.example';
const SITE = `https://${HOST}/`;
const NOW = '2026-11-28T00:00:00Z';
const dates = {
  a: '2026-01-01',
  b: '2026-02-01',
  c: '2026-03-01',
  d: '2026-04-01',
  e: '2026-05-01',
  f: '2026-06-01',
} as const;
type Slug = keyof typeof dates;
const id = (slug: Slug) => `tag:${HOST},${dates[slug]}:${slug}`;
const write = (slug: Slug, extra: Record<string, unknown> = {}) =>
  newsroom.write(
    `${slug}.md`,
    article({ title: `Dispatch ${slug.toUpperCase()}`, published: `${dates[slug]}T08:00:00Z`, ...extra }),
  );

let newsroom: Newsroom;
const build = () => runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await newsroom.writeConfig({ feeds: { limit: 2, archive: { pageSize: 2 } } });
  for (const slug of ['a', 'b', 'c', 'd', 'e'] as const) await write(slug);
  const first = await build();
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
});

afterAll(() => newsroom.remove());

interface Walked {
  url: string;
  ids: string[];
}

/** Follow prev-archive from the subscription document, as an RFC 5005 client does; `validate` adds jing (slow: one JVM per page). */
async function walk(validate = false): Promise<{ subscription: string[]; pages: Walked[] }> {
  const fileOf = (url: string) => path.join(newsroom.out, url.slice(SITE.length));
  const subscription = await parseWithFeedparser(fileOf(`${SITE}atom.xml`));
  const pages: Walked[] = [];
  let next = subscription.feed.links.find((l) => l.rel === 'prev-archive')?.href ?? undefined;
  while (next) {
    expect(pages.map((p) => p.url)).not.toContain(next);
    const file = fileOf(next);
    const [page, rfc4287, raw] = await Promise.all([
      parseWithFeedparser(file),
      validate ? checkAtomRfc4287(file) : { ok: true, errors: [] },
      readFile(file, 'utf8'),
    ]);
    expect([page.bozo, page.version]).toEqual([false, 'atom10']);
    expect(rfc4287).toEqual({ ok: true, errors: [] });
    // RFC 5005 §4: an archive document says so, and links back to the subscription document.
    expect(raw).toContain('<fh:archive/>');
    expect(page.feed.links.find((l) => l.rel === 'current')?.href).toBe(`${SITE}atom.xml`);
    expect(page.feed.links.find((l) => l.rel === 'self')?.href).toBe(next);
    pages.push({ url: next, ids: page.entries.map((e) => e.id ?? '') });
    next = page.feed.links.find((l) => l.rel === 'prev-archive')?.href ?? undefined;
  }
  return { subscription: subscription.entries.map((e) => e.id ?? ''), pages };
}

async function snapshot(names: string[]) {
  return Object.fromEntries(
    await Promise.all(
      names.map(
        async (name) =>
          [
            name,
            { bytes: await newsroom.read(name), mtime: (await stat(path.join(newsroom.out, name))).mtimeMs },
          ] as const,
      ),
    ),
  );
}

describe('the archive (RFC 5005)', () => {
  it('is a chain from the subscription document through every page, holding every syndicated entry exactly once', async () => {
    const { subscription, pages } = await walk(true);
    expect(subscription).toEqual([id('e'), id('d')]);
    expect(pages).toEqual([
      { url: `${SITE}archive/3.xml`, ids: [id('e')] },
      { url: `${SITE}archive/2.xml`, ids: [id('d'), id('c')] },
      { url: `${SITE}archive/1.xml`, ids: [id('b'), id('a')] },
    ]);
    const archived = pages.flatMap((p) => p.ids);
    expect(new Set(archived).size).toBe(archived.length);
    expect([...archived].sort()).toEqual((['a', 'b', 'c', 'd', 'e'] as const).map(id).sort());
  });

  it('links each page to its neighbours', async () => {
    const page2 = await parseWithFeedparser(path.join(newsroom.out, 'archive/2.xml'));
    const rel = (r: string) => page2.feed.links.find((l) => l.rel === r)?.href;
    expect([rel('prev-archive'), rel('next-archive')]).toEqual([`${SITE}archive/1.xml`, `${SITE}archive/3.xml`]);
  });

  it('rewrites exactly one archive page, and the subscription document, for a correction to an archived article', async () => {
    const names = ['archive/1.xml', 'archive/2.xml', 'archive/3.xml', 'atom.xml'];
    const before = await snapshot(names);
    await write('a', {
      corrections: [{ date: '2026-11-27T09:00:00Z', text: 'An earlier version misnamed the court.' }],
    });
    const second = await build();
    expect([second.code, second.stderr]).toEqual([0, '']);
    const after = await snapshot(names);
    const changed = names.filter((name) => after[name]?.bytes !== before[name]?.bytes);
    expect(changed).toEqual(['archive/1.xml', 'atom.xml']);
    // Unchanged pages are not even rewritten (SPEC §5: their mtime stays).
    expect(['archive/2.xml', 'archive/3.xml'].map((n) => after[n]?.mtime)).toEqual(
      ['archive/2.xml', 'archive/3.xml'].map((n) => before[n]?.mtime),
    );
    // The corrected entry is the same entry, on the same page, and back in the subscription window.
    const { subscription, pages } = await walk();
    expect(subscription[0]).toBe(id('a'));
    expect(pages.at(-1)?.ids).toEqual([id('b'), id('a')]);
    expect(after['archive/1.xml']?.bytes).toContain('An earlier version misnamed the court.');
  });

  it('puts a new article on the newest page only, and opens the next page once that one is full', async () => {
    const names = ['archive/1.xml', 'archive/2.xml', 'archive/3.xml'];
    const before = await snapshot(names);
    await write('f');
    expect((await build()).code).toBe(0);
    const after = await snapshot(names);
    expect(names.filter((name) => after[name]?.bytes !== before[name]?.bytes)).toEqual(['archive/3.xml']);
    const { pages } = await walk(true);
    expect(pages.map((p) => [p.url.slice(SITE.length), p.ids])).toEqual([
      ['archive/4.xml', []],
      ['archive/3.xml', [id('f'), id('e')]],
      ['archive/2.xml', [id('d'), id('c')]],
      ['archive/1.xml', [id('b'), id('a')]],
    ]);
  });
});
