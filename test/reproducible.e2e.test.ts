import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { publishedBytes } from './support/corpus.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/**
 * SPEC §5 and docs/operations.md, "How a build stays safe, and why", reproducible clean builds:
 * with no state, two builds of the same articles and config on different days give the same
 * bytes in every file. Feed-level times come from the content (the newest entry modification or
 * tombstone); a withdrawal's time from the article (`withdrawn:`, else its `updated:` or latest
 * correction).
 */

const CONFIG = {
  site: { title: 'Reproducible Desk', url: 'https://reproducible.example/' },
  feeds: { archive: { pageSize: 2 }, facets: { sections: true, tags: true } },
};
const DAY_ONE = '2026-11-20T06:00:00Z';
const DAY_TWO = '2026-11-21T18:30:00Z';

const rooms: Newsroom[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.remove();
});

async function writeDesk(room: Newsroom): Promise<void> {
  await writeFile(path.join(room.root, 'presswire.config.json'), JSON.stringify(CONFIG));
  await writeJpeg(path.join(room.articles, 'images/dam.jpg'), 900, 600);
  await room.write(
    'dam.md',
    article({
      title: 'Dam Inquiry Opens',
      published: '2026-11-02T08:00:00Z',
      section: 'Land',
      tags: ['Water'],
      image: { src: 'images/dam.jpg', alt: 'The dam wall seen from the valley', credit: 'Valley Desk' },
      corrections: [{ date: '2026-11-10T12:00:00Z', text: 'The inquiry opens on Monday, not Tuesday.' }],
    }),
  );
  await room.write(
    'court.md',
    article({ title: 'Court Date Set', published: '2026-11-05T08:00:00Z', section: 'Courts', tags: ['Water'] }),
  );
  await room.write(
    'permit.md',
    article({
      title: 'Permit Story Withdrawn',
      published: '2026-11-01T08:00:00Z',
      section: 'Land',
      status: 'withdrawn',
      withdrawn: '2026-11-12T09:15:00Z',
    }),
  );
  await room.write(
    'rumour.md',
    article({
      title: 'Rumour Story Withdrawn',
      published: '2026-11-03T08:00:00Z',
      section: 'Courts',
      status: 'withdrawn',
      updated: '2026-11-08T17:00:00Z',
    }),
  );
}

async function cleanBuild(now: string): Promise<Map<string, Buffer>> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeDesk(room);
  const result = await runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: now } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return publishedBytes(room.out);
}

describe('two clean builds a day apart', () => {
  it('give byte-identical files, with every feed-level time taken from the content', { timeout: 180_000 }, async () => {
    const first = await cleanBuild(DAY_ONE);
    const second = await cleanBuild(DAY_TWO);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, bytes] of first) expect(second.get(name)?.equals(bytes), name).toBe(true);
    expect([...first.keys()]).toEqual(
      expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json', 'archive/1.xml', 'corrections.xml', 'index.html']),
    );

    const atom = first.get('atom.xml')?.toString('utf8') ?? '';
    // The newest tombstone (2026-11-12T09:15) is newer than every entry's modification.
    expect(atom).toContain('<updated>2026-11-12T09:15:00Z</updated>');
    expect(atom).toContain(
      '<at:deleted-entry ref="tag:reproducible.example,2026-11-01:permit" when="2026-11-12T09:15:00Z">',
    );
    expect(atom).toContain(
      '<at:deleted-entry ref="tag:reproducible.example,2026-11-03:rumour" when="2026-11-08T17:00:00Z">',
    );
    expect(first.get('rss.xml')?.toString('utf8')).toContain(
      '<lastBuildDate>Thu, 12 Nov 2026 09:15:00 GMT</lastBuildDate>',
    );
    expect(first.get('corrections.xml')?.toString('utf8')).toContain('<updated>2026-11-10T12:00:00Z</updated>');
    expect(first.get('sections/courts/atom.xml')?.toString('utf8')).toContain(
      '<updated>2026-11-08T17:00:00Z</updated>',
    );
  });

  it('of the example newsroom give byte-identical files', { timeout: 300_000 }, async () => {
    const builds: Map<string, Buffer>[] = [];
    for (const now of ['2026-11-28T00:00:00Z', '2026-11-29T12:00:00Z']) {
      const room = await makeNewsroom({ copyExample: true });
      rooms.push(room);
      await writeFile(
        path.join(room.root, 'presswire.config.json'),
        JSON.stringify({ site: { title: 'Northwind Rights Monitor', url: 'https://news.northwind-rights.example/' } }),
      );
      const result = await runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: now } });
      expect(result.code, result.stderr).toBe(0);
      builds.push(await publishedBytes(room.out));
    }
    const [first, second] = builds as [Map<string, Buffer>, Map<string, Buffer>];
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, bytes] of first) expect(second.get(name)?.equals(bytes), name).toBe(true);
  });
});
