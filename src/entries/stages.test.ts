import { describe, expect, it } from 'vitest';
import type { ValidArticle } from '../load/load-articles.js';
import type { ArticleMeta } from '../load/prepare.js';
import type { Entry } from '../model.js';
import { assembleEntries, type AssemblyInput } from './assemble.js';
import type { EntryRecord } from './history.js';
import { nextRecords } from './history.js';
import { settleIdentities } from './identities.js';
import { keptEntries } from './kept.js';
import { lazyContent } from './lazy-content.js';
import { selectSyndicated } from './syndication.js';
import { withdrawnTombstones } from './tombstones.js';

/** The pure decisions of the entries stages, on in-memory articles (no files, no images). */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

function article(
  name: string,
  fields: Partial<ArticleMeta> = {},
  lines: ValidArticle['prepared']['lines'] = {},
): ValidArticle {
  const meta: ArticleMeta = {
    sourcePath: `${name}.md`,
    title: `Title of ${name}`,
    published: NOW - 10 * DAY,
    slug: name,
    authors: [],
    tags: [],
    corrections: [],
    status: 'published',
    ...fields,
  };
  return {
    article: meta,
    displayPath: `articles/${name}.md`,
    prepared: {
      sourcePath: meta.sourcePath,
      displayPath: `articles/${name}.md`,
      fileHash: `file-${name}`,
      bodyHash: `body-${name}`,
      meta,
      id: meta.id ?? `tag:example.org,2026:${meta.slug}`,
      url: `https://example.org/news/${meta.slug}/`,
      lines,
      diagnostics: [],
    },
  };
}

const record = (fields: Partial<EntryRecord> = {}): EntryRecord => ({
  bodyHash: 'old',
  declaredModified: NOW - 10 * DAY,
  modified: NOW - 10 * DAY,
  ...fields,
});

describe('settleIdentities', () => {
  it('keeps the earlier-published of two articles with one slug and names both files', () => {
    const first = article('a', { slug: 'same', published: NOW - 20 * DAY }, { slug: 4 });
    const second = article('b', { slug: 'same', published: NOW - 5 * DAY }, { slug: 6 });
    second.prepared.id = 'tag:example.org,2026:other';
    const settled = settleIdentities([second, first], {});
    expect(settled.unique.map((a) => a.displayPath)).toEqual(['articles/a.md']);
    expect(settled.failedSources).toEqual(['b.md']);
    expect(settled.diagnostics).toEqual([
      {
        severity: 'error',
        file: 'articles/b.md',
        line: 6,
        key: 'slug',
        message: 'expected a unique slug but received "same", already used by articles/a.md',
      },
    ]);
  });

  it('gives a published article its first id back, with an info line', () => {
    const moved = article('a');
    const settled = settleIdentities([moved], { 'tag:first': record({ sourcePath: 'a.md' }) });
    expect(settled.unique.map((a) => a.prepared.id)).toEqual(['tag:first']);
    expect(settled.failedSources).toEqual([]);
    expect(settled.diagnostics.map((d) => [d.severity, d.key])).toEqual([['info', 'id']]);
  });
});

describe('selectSyndicated', () => {
  it('syndicates published articles, lists withdrawn ones, and counts drafts and embargoes as skipped', () => {
    const chosen = selectSyndicated(
      [
        article('live', { image: { source: 'pics/a.jpg', alt: 'A', credit: 'Agency' } }),
        article('gone', { status: 'withdrawn' }),
        article('draft', { status: 'draft' }),
        article('later', { embargo: NOW + DAY }),
      ],
      NOW,
    );
    expect(chosen.candidates.map((c) => c.id)).toEqual(['tag:example.org,2026:live']);
    expect(chosen.candidates[0]?.imageSources.map((s) => [s.source, s.key])).toEqual([['pics/a.jpg', 'image.src']]);
    expect(chosen.withdrawn.map((c) => c.id)).toEqual(['tag:example.org,2026:gone']);
    expect(chosen.skipped).toBe(2);
  });
});

describe('assembleEntries', () => {
  const input = (
    candidates: AssemblyInput['candidates'],
    records: Record<string, EntryRecord> = {},
  ): AssemblyInput => ({
    candidates,
    images: { table: new Map(), failures: new Map(), warnings: new Map() },
    records,
    now: NOW,
    siteAuthor: { name: 'The Desk' },
    sizes: '100vw',
    linkTarget: () => undefined,
    displayPath: (source) => `articles/${source}`,
    content: lazyContent(() => '<p>body</p>'),
  });

  it('makes a new entry with its declared time, the site author, and a fresh record', () => {
    const { candidates } = selectSyndicated([article('a', { updated: NOW - 2 * DAY })], NOW);
    const made = assembleEntries(input(candidates));
    expect(made.entries.map((e) => [e.id, e.modified, e.authors, e.contentHtml])).toEqual([
      ['tag:example.org,2026:a', NOW - 2 * DAY, [{ name: 'The Desk' }], '<p>body</p>'],
    ]);
    expect(made.records).toEqual([
      [
        'tag:example.org,2026:a',
        expect.objectContaining({
          bodyHash: 'body-a',
          modified: NOW - 2 * DAY,
          firstPublished: NOW,
          lastPublished: NOW,
        }),
      ],
    ]);
    expect(made.unannouncedEdits).toBe(0);
  });

  it('moves an entry whose body changed without a correction to now, with a warning', () => {
    const { candidates } = selectSyndicated([article('a')], NOW);
    const id = 'tag:example.org,2026:a';
    const made = assembleEntries(input(candidates, { [id]: record({ sourcePath: 'a.md' }) }));
    expect(made.entries[0]?.modified).toBe(NOW);
    expect(made.unannouncedEdits).toBe(1);
    expect(made.diagnostics.map((d) => [d.severity, d.file])).toEqual([['warning', 'articles/a.md']]);
  });

  it('fails an article whose image could not be used, naming the key and the file', () => {
    const { candidates } = selectSyndicated(
      [article('a', { image: { source: 'pics/a.jpg', alt: 'A', credit: 'Agency' } }, { 'image.src': 7 })],
      NOW,
    );
    const broken = input(candidates);
    broken.images.failures.set('pics/a.jpg', 'expected a JPEG, PNG, WebP, AVIF or GIF image but received text');
    const made = assembleEntries(broken);
    expect(made.entries).toEqual([]);
    expect(made.failedSources).toEqual(['a.md']);
    expect(made.diagnostics).toEqual([
      {
        severity: 'error',
        file: 'articles/a.md',
        line: 7,
        key: 'image.src',
        message: 'expected a JPEG, PNG, WebP, AVIF or GIF image but received text (articles/pics/a.jpg)',
      },
    ]);
  });
});

describe('withdrawnTombstones', () => {
  it('dates the tombstone from the article and keeps what it was filed under', () => {
    const { withdrawn } = selectSyndicated(
      [article('gone', { status: 'withdrawn', withdrawn: NOW - DAY, section: 'Asia', tags: ['Water'] })],
      NOW,
    );
    const { tombstones, records } = withdrawnTombstones(withdrawn, {}, NOW, { name: 'The Desk' });
    expect(tombstones).toEqual([
      {
        id: 'tag:example.org,2026:gone',
        url: 'https://example.org/news/gone/',
        when: NOW - DAY,
        sourcePath: 'gone.md',
        published: NOW - 10 * DAY,
        tags: ['Water'],
        authors: [{ name: 'The Desk' }],
        section: 'Asia',
      },
    ]);
    expect(records[0]?.[1]).toMatchObject({ withdrawnAt: NOW - DAY, sourcePath: 'gone.md' });
  });
});

describe('nextRecords', () => {
  it('keeps unseen records in place, appends new ones in order, and marks deletions withdrawn now', () => {
    const next = nextRecords(
      { b: record(), a: record(), gone: record({ sourcePath: 'gone.md' }) },
      [
        ['a', record({ bodyHash: 'new' })],
        ['c', record()],
      ],
      ['gone'],
      NOW,
    );
    expect(Object.keys(next)).toEqual(['b', 'a', 'gone', 'c']);
    expect(next.a?.bodyHash).toBe('new');
    expect(next.gone?.withdrawnAt).toBe(NOW);
    expect(next.b?.withdrawnAt).toBeUndefined();
  });
});

describe('keptEntries', () => {
  it('keeps the last good entry of a published article that now fails, with an error', () => {
    const lastGood = { id: 'x', modified: NOW - DAY } as Entry;
    const kept = keptEntries({
      records: { x: record({ sourcePath: 'x.md' }), y: record({ sourcePath: 'y.md', withdrawnAt: NOW }) },
      failedSources: new Set(['x.md', 'y.md']),
      entries: [],
      lastGood: new Map([
        ['x', lastGood],
        ['y', { id: 'y', modified: NOW } as Entry],
      ]),
      displayPath: (source) => `articles/${source}`,
    });
    expect(kept.entries).toEqual([lastGood]);
    expect(kept.diagnostics).toEqual([
      {
        severity: 'error',
        file: 'articles/x.md',
        message: `expected a valid article to update the published entry x but received one with errors; the feeds keep its last good entry (modified ${new Date(NOW - DAY).toISOString()}) until it is fixed`,
      },
    ]);
  });
});
