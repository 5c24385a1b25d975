import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareEntries,
  dispositionOf,
  feedUpdated,
  liveTombstones,
  modifiedTime,
  selectWindow,
  withdrawalTime,
} from './entries.js';
import { decideModified } from './history.js';
import { articleUrl, entryId } from './identity.js';

const t = (iso: string) => Date.parse(iso);

describe('modifiedTime', () => {
  const published = t('2018-06-12T01:30:00Z');

  it('is the publication time when nothing changed', () => {
    expect(modifiedTime({ published, corrections: [] })).toBe(published);
  });

  it('is the latest correction, whatever order they are listed in', () => {
    const corrections = [
      { date: t('2020-01-05T00:00:00Z'), text: 'second' },
      { date: t('2018-06-14T10:00:00Z'), text: 'first' },
    ];
    expect(modifiedTime({ published, corrections })).toBe(t('2020-01-05T00:00:00Z'));
  });

  it('is an explicit updated: when that is later than every correction', () => {
    const corrections = [{ date: t('2018-06-14T10:00:00Z'), text: 'fix' }];
    expect(modifiedTime({ published, updated: t('2019-02-01T00:00:00Z'), corrections })).toBe(
      t('2019-02-01T00:00:00Z'),
    );
  });

  it('is the correction when it is later than updated:', () => {
    const corrections = [{ date: t('2021-03-01T12:00:00Z'), text: 'fix' }];
    expect(modifiedTime({ published, updated: t('2019-02-01T00:00:00Z'), corrections })).toBe(
      t('2021-03-01T12:00:00Z'),
    );
  });
});

describe('selectWindow', () => {
  const entry = (id: string, modified: string) => ({ id, modified: t(modified) });

  it('orders newest modification first and cuts at the limit', () => {
    const window = selectWindow(
      [entry('a', '2020-01-01T00:00:00Z'), entry('b', '2024-01-01T00:00:00Z'), entry('c', '2022-01-01T00:00:00Z')],
      2,
    );
    expect(window.map((e) => e.id)).toEqual(['b', 'c']);
  });

  it('brings an old article corrected today back to the top of the window', () => {
    const old = entry('tag:x,2018-06-12:old', '2026-11-01T00:00:00Z');
    const recent = [1, 2, 3].map((n) => entry(`recent-${n}`, `2026-10-0${n}T00:00:00Z`));
    expect(selectWindow([...recent, old], 3).map((e) => e.id)).toEqual([
      'tag:x,2018-06-12:old',
      'recent-3',
      'recent-2',
    ]);
  });

  it('breaks ties by id, so file order never changes the feed', () => {
    const same = '2024-05-05T05:05:05Z';
    expect(selectWindow([entry('b', same), entry('a', same), entry('c', same)], 10).map((e) => e.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(compareEntries(entry('a', same), entry('a', same))).toBe(0);
  });

  it('picks exactly what sorting every entry and cutting at the limit picks, ties and duplicates included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
            modified: fc.integer({ min: 0, max: 5 }),
            n: fc.nat(),
          }),
          {
            maxLength: 80,
          },
        ),
        fc.integer({ min: 0, max: 40 }),
        (entries, limit) => {
          expect(selectWindow(entries, limit)).toEqual([...entries].sort(compareEntries).slice(0, limit));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('dispositionOf: embargo boundary', () => {
  const embargo = t('2030-01-01T00:00:00Z');
  it('holds an article one millisecond before its embargo', () => {
    expect(dispositionOf({ status: 'published', embargo }, embargo - 1)).toEqual({
      kind: 'held',
      reason: 'embargoed',
      until: embargo,
    });
  });
  it('syndicates it at the embargo instant exactly', () => {
    expect(dispositionOf({ status: 'published', embargo }, embargo)).toEqual({ kind: 'syndicated' });
  });
  it('never syndicates a draft, embargo or not', () => {
    expect(dispositionOf({ status: 'draft' }, embargo)).toEqual({ kind: 'held', reason: 'draft' });
  });
  it('turns a withdrawn article into a withdrawal', () => {
    expect(dispositionOf({ status: 'withdrawn' }, embargo)).toEqual({ kind: 'withdrawn' });
  });
});

describe('entry identity', () => {
  const site = 'https://news.example.org/';
  const published = t('2018-06-12T01:30:00Z');

  it('derives a tag URI from the site host, publication day and slug', () => {
    expect(entryId({ published, slug: 'rights-off-summit-agenda' }, site)).toBe(
      'tag:news.example.org,2018-06-12:rights-off-summit-agenda',
    );
  });

  it('does not change when the title changes (the title is not an input)', () => {
    const before = { published, slug: 'summit', title: 'Rights Left Off the Summit Agenda' };
    const after = { ...before, title: 'Rights Left Off the Summit Agenda, Again' };
    expect(entryId(after, site)).toBe(entryId(before, site));
  });

  it('uses the publication day in UTC, so an offset does not shift it', () => {
    // 2018-06-12T09:30:00+08:00 is 01:30 UTC on the 12th
    expect(entryId({ published: t('2018-06-12T09:30:00+08:00'), slug: 's' }, site)).toBe(
      'tag:news.example.org,2018-06-12:s',
    );
  });

  it('lets an explicit id win', () => {
    expect(entryId({ id: 'tag:example.org,2018-06-12:rights-off-summit', published, slug: 'other' }, site)).toBe(
      'tag:example.org,2018-06-12:rights-off-summit',
    );
  });

  it('builds the article URL from the configured pattern', () => {
    expect(articleUrl({ published, slug: 'summit', section: 'Asia Pacific' }, site, 'news/{yyyy}/{mm}/{slug}/')).toBe(
      'https://news.example.org/news/2018/06/summit/',
    );
    expect(
      articleUrl(
        { published, slug: 'summit', section: 'Asia Pacific' },
        site,
        '{section}/{yyyy}-{mm}-{dd}-{slug}.html',
      ),
    ).toBe('https://news.example.org/asia-pacific/2018-06-12-summit.html');
  });
});

describe('decideModified (unannounced edits)', () => {
  const declared = t('2020-01-01T00:00:00Z');
  const now = t('2026-11-28T12:00:00Z');
  const record = { bodyHash: 'h1', declaredModified: declared, modified: declared };

  it('takes the declared time on a first build', () => {
    expect(decideModified(undefined, 'h1', declared, now)).toEqual({ modified: declared, unannouncedEdit: false });
  });
  it('keeps the time when nothing changed', () => {
    expect(decideModified(record, 'h1', declared, now)).toEqual({ modified: declared, unannouncedEdit: false });
  });
  it('moves the time to now and flags a body changed without a correction', () => {
    expect(decideModified(record, 'h2', declared, now)).toEqual({ modified: now, unannouncedEdit: true });
  });
  it('keeps the time an unannounced edit was first seen on later builds', () => {
    const seen = { bodyHash: 'h2', declaredModified: declared, modified: now };
    expect(decideModified(seen, 'h2', declared, now + 60_000)).toEqual({ modified: now, unannouncedEdit: false });
  });
  it('accepts a changed body that comes with a new correction', () => {
    const corrected = t('2026-11-27T00:00:00Z');
    expect(decideModified(record, 'h2', corrected, now)).toEqual({ modified: corrected, unannouncedEdit: false });
  });
});

describe('tombstones and the feed time', () => {
  const now = t('2026-11-28T00:00:00Z');
  it('keeps a tombstone for the retention period, then drops it', () => {
    const fresh = { id: 'a', url: 'https://x/a', when: now - 29 * 86_400_000, sourcePath: 'a.md' };
    const stale = { id: 'b', url: 'https://x/b', when: now - 31 * 86_400_000, sourcePath: 'b.md' };
    expect(liveTombstones([stale, fresh], now, 30).map((x) => x.id)).toEqual(['a']);
  });
  it('is the newest entry or tombstone, never the build time', () => {
    expect(feedUpdated([{ modified: t('2024-01-01T00:00:00Z') }], [{ when: t('2025-01-01T00:00:00Z') }])).toBe(
      t('2025-01-01T00:00:00Z'),
    );
    expect(feedUpdated([], [])).toBe(0);
  });
});

describe('withdrawalTime (a tombstone dated by the article, not the build)', () => {
  const NOW = Date.parse('2026-12-01T00:00:00Z');
  const at = (iso: string) => Date.parse(iso);
  it('takes `withdrawn:` first, even when a build saw the withdrawal earlier', () => {
    const article = { withdrawn: at('2026-11-20T16:00:00Z'), updated: at('2026-11-01T00:00:00Z'), corrections: [] };
    expect(withdrawalTime(article, at('2026-11-21T00:00:00Z'), NOW)).toBe(at('2026-11-20T16:00:00Z'));
  });
  it('then the time an earlier build first saw it withdrawn', () => {
    const article = { updated: at('2026-11-01T00:00:00Z'), corrections: [] };
    expect(withdrawalTime(article, at('2026-11-21T00:00:00Z'), NOW)).toBe(at('2026-11-21T00:00:00Z'));
  });
  it('then the latest of `updated:` and the corrections', () => {
    const corrections = [{ date: at('2026-11-25T00:00:00Z'), text: 'x' }];
    expect(withdrawalTime({ updated: at('2026-11-01T00:00:00Z'), corrections }, undefined, NOW)).toBe(
      at('2026-11-25T00:00:00Z'),
    );
    expect(withdrawalTime({ updated: at('2026-11-01T00:00:00Z'), corrections: [] }, undefined, NOW)).toBe(
      at('2026-11-01T00:00:00Z'),
    );
  });
  it("and the build's clock only when the article says nothing", () => {
    expect(withdrawalTime({ corrections: [] }, undefined, NOW)).toBe(NOW);
  });
});
