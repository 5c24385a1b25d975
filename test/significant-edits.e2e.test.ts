import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/**
 * A changed headline, dek, lead image or its caption/credit is an edit like a body change
 * (SPEC §3; docs/article-format.md, "What counts as an edit"): announced with a new correction or
 * `updated:`, or reported as an unannounced edit with the entry's modified time moved.
 */

let room: Newsroom;
const PUBLISHED = '2026-10-01T08:00:00Z';
const base = {
  title: 'Court Hears Eviction Case',
  dek: 'Residents say the notices came overnight',
  published: PUBLISHED,
  image: {
    src: 'images/one.jpg',
    alt: 'The courthouse steps',
    caption: 'The court on Monday.',
    credit: 'A. Photographer',
  },
};

const build = (now: string, ...flags: string[]) =>
  runCli(['build', ...flags], { cwd: room.root, env: { PRESSWIRE_NOW: now } });

async function modified(): Promise<string> {
  const json = JSON.parse(await room.read('feed.json')) as { items: { date_modified: string }[] };
  return json.items[0]!.date_modified;
}

const warning = (key: string, named: string) =>
  `${key}: expected a new correction or a new \`updated:\` with a changed ${named} but received neither (unannounced edit); the entry is marked updated at this build`;

beforeAll(async () => {
  room = await makeNewsroom();
  await writeJpeg(path.join(room.articles, 'images/one.jpg'), 640, 400);
  await writeJpeg(path.join(room.articles, 'images/two.jpg'), 600, 400);
  await room.write('a.md', article(base));
  const first = await build('2026-10-02T00:00:00Z');
  expect(first.stderr).toBe('');
});
afterAll(() => room.remove());

describe('significant edits to a published entry', () => {
  it('ignores whitespace-only changes to the headline and dek', async () => {
    await room.write('a.md', article({ ...base, title: ' Court  Hears Eviction\tCase ', dek: `${base.dek}  ` }));
    const result = await build('2026-10-03T00:00:00Z');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await modified()).toBe(PUBLISHED);
  });

  it('reports a changed headline without a correction as an unannounced edit and moves the modified time', async () => {
    await room.write('a.md', article({ ...base, title: 'Court Rejects Eviction Case' }));
    const result = await build('2026-10-04T00:00:00Z');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: articles/a.md: ${warning('title', 'title')}\n`);
    expect(await modified()).toBe('2026-10-04T00:00:00Z');
    // Reported once: the next build has nothing new to say.
    const again = await build('2026-10-05T00:00:00Z');
    expect(again.stderr).toBe('');
    expect(await modified()).toBe('2026-10-04T00:00:00Z');
  });

  it('takes a changed caption and credit with a new `updated:` as an announced update', async () => {
    await room.write(
      'a.md',
      article({
        ...base,
        title: 'Court Rejects Eviction Case',
        updated: '2026-10-06T12:00:00Z',
        image: { ...base.image, caption: 'The court on Tuesday.', credit: 'B. Photographer' },
      }),
    );
    const result = await build('2026-10-07T00:00:00Z');
    expect(result.stderr).toBe('');
    expect(await modified()).toBe('2026-10-06T12:00:00Z');
  });

  it('fails under --strict when the lead image and dek change unannounced, naming both', async () => {
    await room.write(
      'a.md',
      article({
        ...base,
        title: 'Court Rejects Eviction Case',
        dek: 'Residents may stay, the judge rules',
        updated: '2026-10-06T12:00:00Z',
        image: { ...base.image, src: 'images/two.jpg', caption: 'The court on Tuesday.', credit: 'B. Photographer' },
      }),
    );
    const result = await build('2026-10-08T00:00:00Z', '--strict');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: articles/a.md: ${warning('dek, image.src', 'dek and image.src')}\n`);
  });
});
