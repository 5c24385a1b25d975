import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { snapshot } from './support/corpus.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, parseWithFeedparser } from './support/validators.js';

/**
 * docs/refusals.md, "Folders, vanished archives and oversized images": a vanished archive is
 * not a publication (exit 65, nothing published, no tombstone, no rendition retired),
 * `--allow-shrink` and `publish.maxShrink` let an intended mass withdrawal through, and one
 * file deleted on purpose leaves an RFC 6721 tombstone like a withdrawal.
 */

const NOW = '2026-06-01T00:00:00Z';
const LATER = '2026-07-15T00:00:00Z';
const SITE = { title: 'Shrink Desk', url: 'https://shrink.example/' };

const rooms: Newsroom[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.remove()));
});

async function fourArticles(config: Record<string, unknown> = {}): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeFile(path.join(room.root, 'presswire.config.json'), JSON.stringify({ site: SITE, ...config }));
  await writeJpeg(path.join(room.articles, 'images/dam.jpg'), 800, 500);
  for (const [i, name] of ['dam', 'bridge', 'school', 'clinic'].entries()) {
    await room.write(
      `${name}.md`,
      article({
        title: `The ${name}`,
        id: `tag:shrink.example,2026:${name}`,
        published: `2026-05-0${i + 1}T08:00:00Z`,
        ...(name === 'dam' ? { image: { src: 'images/dam.jpg', alt: 'The dam' } } : {}),
      }),
    );
  }
  return room;
}

const run = (room: Newsroom, args: string[], now = NOW) =>
  runCli(args, { cwd: room.root, env: { PRESSWIRE_NOW: now } });

async function tombstoneRefs(room: Newsroom): Promise<string[]> {
  const atom = await room.read('atom.xml');
  return [...atom.matchAll(/<at:deleted-entry ref="([^"]+)"/g)].map((match) => match[1] as string).sort();
}

describe('a vanished archive is not a publication', () => {
  it('an empty articles folder: exit 65, every file in out/ untouched, no tombstone, renditions kept', async () => {
    const room = await fourArticles();
    expect((await run(room, ['build'])).code).toBe(0);
    const published = await snapshot(room.out);
    // An unmounted share: the folder is there, empty.
    await rm(room.articles, { recursive: true });
    await mkdir(room.articles);
    for (const command of ['check', 'build']) {
      const result = await run(room, [command], LATER);
      expect(result.code).toBe(65);
      expect(result.stderr).toBe(
        'presswire: articles: expected articles but the folder holds none (an unmounted share looks like this), while the last build published 4 entries; nothing was published; if this is intended, run again with --allow-shrink\n',
      );
    }
    expect(await snapshot(room.out)).toEqual(published);
  });

  it('losing more than half the published entries: exit 65; --allow-shrink lets it through with tombstones', async () => {
    const room = await fourArticles();
    expect((await run(room, ['build'])).code).toBe(0);
    const published = await snapshot(room.out);
    for (const name of ['bridge', 'school', 'clinic']) await rm(path.join(room.articles, `${name}.md`));
    const refused = await run(room, ['build']);
    expect(refused.code).toBe(65);
    expect(refused.stderr).toBe(
      'presswire: articles: expected at most 50% fewer published entries than the last build (publish.maxShrink) but received 1 instead of 4 (75% fewer); nothing was published; if this is intended, run again with --allow-shrink\n',
    );
    expect(await snapshot(room.out)).toEqual(published);

    const allowed = await run(room, ['build', '--allow-shrink']);
    expect(allowed.code).toBe(0);
    expect(await tombstoneRefs(room)).toEqual([
      'tag:shrink.example,2026:bridge',
      'tag:shrink.example,2026:clinic',
      'tag:shrink.example,2026:school',
    ]);
    const rss = await parseWithFeedparser(path.join(room.out, 'rss.xml'));
    expect(rss.entries.map((entry) => entry.title)).toEqual(['The dam']);
    // The shrunken archive is now the baseline: the next build goes through by itself.
    expect((await run(room, ['build'])).code).toBe(0);
  });

  it('publish.maxShrink: 1 turns the guard off', async () => {
    const room = await fourArticles({ publish: { maxShrink: 1 } });
    expect((await run(room, ['build'])).code).toBe(0);
    for (const name of ['dam', 'bridge', 'school']) await rm(path.join(room.articles, `${name}.md`));
    expect((await run(room, ['build'])).code).toBe(0);
    const rss = await parseWithFeedparser(path.join(room.out, 'rss.xml'));
    expect(rss.entries.map((entry) => entry.title)).toEqual(['The clinic']);
  });

  it('publish.maxShrink out of range is a config error', async () => {
    const room = await fourArticles({ publish: { maxShrink: 2 } });
    const result = await run(room, ['build']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('presswire.config.json: publish.maxShrink: ');
  });
});

describe('an article file deleted on purpose', () => {
  it('leaves an RFC 6721 tombstone in the Atom feed, like a withdrawal, until it comes back', async () => {
    const room = await fourArticles();
    expect((await run(room, ['build'])).code).toBe(0);
    await rm(path.join(room.articles, 'school.md'));
    const result = await run(room, ['build'], '2026-06-02T00:00:00Z');
    expect(result.code).toBe(0);
    const atom = await room.read('atom.xml');
    expect(atom).toContain(
      '<at:deleted-entry ref="tag:shrink.example,2026:school" when="2026-06-02T00:00:00Z">\n' +
        '    <link rel="alternate" href="https://shrink.example/news/2026/05/school/"/>\n' +
        '    <at:comment>This article has been withdrawn.</at:comment>\n' +
        '  </at:deleted-entry>',
    );
    expect(await checkAtomRfc4287(path.join(room.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
    const json = JSON.parse(await room.read('feed.json')) as { items: { id: string }[] };
    expect(json.items.map((item) => item.id)).not.toContain('tag:shrink.example,2026:school');
    // Still there on the next build (from the state), with its first time.
    expect((await run(room, ['build'], '2026-06-03T00:00:00Z')).code).toBe(0);
    expect(await room.read('atom.xml')).toContain('ref="tag:shrink.example,2026:school" when="2026-06-02T00:00:00Z"');
    // Put back: published again, no tombstone.
    await room.write(
      'school.md',
      article({ title: 'The school', id: 'tag:shrink.example,2026:school', published: '2026-05-03T08:00:00Z' }),
    );
    expect((await run(room, ['build'], '2026-06-04T00:00:00Z')).code).toBe(0);
    expect(await tombstoneRefs(room)).toEqual([]);
    expect(await readdir(room.out)).toContain('atom.xml');
  });
});
