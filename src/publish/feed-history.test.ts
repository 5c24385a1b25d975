import { describe, expect, it } from 'vitest';
import {
  archiveSlotsOfHistory,
  historyOfDocuments,
  mergeHistoryIntoFeedState,
  mergeHistoryIntoRecords,
  VACANT_SLOT,
} from './feed-history.js';

const feed = (subtitle: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0"><id>x</id><title type="text">T</title><subtitle type="text">${subtitle}</subtitle>${body}</feed>`;
const entry = (id: string, published: string, updated: string) =>
  `<entry><id>${id}</id><title type="text">t</title><published>${published}</published><updated>${updated}</updated></entry>`;
const tombstone = (id: string, when: string) =>
  `<at:deleted-entry ref="${id}" when="${when}"><link rel="alternate" href="https://x/"/></at:deleted-entry>`;
const ms = (iso: string) => Date.parse(iso);

describe('historyOfDocuments', () => {
  const history = historyOfDocuments(
    [
      {
        path: 'atom.xml',
        text: feed(
          'News',
          entry('tag:a', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z') + tombstone('tag:w', '2026-01-07T00:00:00Z'),
        ),
      },
      {
        path: 'archive/1.xml',
        text: feed(
          'Archive',
          tombstone('tag:w', '2026-01-07T00:00:00Z') +
            entry('tag:b', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z') +
            entry('tag:a', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),
        ),
      },
      {
        path: 'sections/caf/atom.xml',
        text: feed(
          'Every dispatch in the section “Café”, from Desk.',
          entry('tag:b', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'),
        ),
      },
      { path: 'authors/a-reporter/atom.xml', text: feed('Every dispatch by A. Reporter, from Desk.', '') },
      { path: 'rss.xml', text: '<rss version="2.0"><channel/></rss>' },
      { path: 'archive/2.xml', text: 'not xml <' },
    ],
    'Desk',
  );

  it('reads entries (the newest modification where feeds disagree), tombstones, archive pages and facet slugs', () => {
    expect(history.entries).toEqual(
      new Map([
        ['tag:a', { published: ms('2026-01-01T00:00:00Z'), modified: ms('2026-01-05T00:00:00Z') }],
        ['tag:b', { published: ms('2026-01-02T00:00:00Z'), modified: ms('2026-01-02T00:00:00Z') }],
      ]),
    );
    expect(history.tombstones).toEqual(new Map([['tag:w', ms('2026-01-07T00:00:00Z')]]));
    expect(history.archivePages).toEqual(new Map([[1, ['tag:w', 'tag:b', 'tag:a']]]));
    expect(history.slugs).toEqual({ sections: { Café: 'caf' }, tags: {}, authors: { 'A. Reporter': 'a-reporter' } });
    expect(history.documents).toBe(4);
  });

  it('orders the slots of a page by publication and keeps empty slots of full pages as placeholders', () => {
    const published = new Map([['tag:w', ms('2025-12-31T00:00:00Z')]]);
    expect(archiveSlotsOfHistory(history, 4, (id) => published.get(id))).toEqual({
      slots: ['tag:w', 'tag:a', 'tag:b'],
      vacant: 0,
    });
    const twoPages = {
      ...history,
      archivePages: new Map([
        [1, ['tag:b', 'tag:a']],
        [2, ['tag:w']],
      ]),
    };
    expect(archiveSlotsOfHistory(twoPages, 3, () => undefined)).toEqual({
      slots: ['tag:a', 'tag:b', `${VACANT_SLOT}1:2`, 'tag:w'],
      vacant: 1,
    });
  });

  it('completes records: newer modification times with an unknown body, withdrawals with their time', () => {
    const records = {
      'tag:a': {
        bodyHash: 'h',
        declaredModified: ms('2026-01-01T00:00:00Z'),
        modified: ms('2026-01-01T00:00:00Z'),
        firstPublished: 1,
      },
      'tag:b': { bodyHash: 'h2', declaredModified: 5, modified: ms('2026-01-02T00:00:00Z') },
    };
    expect(mergeHistoryIntoRecords(records, history)).toBe(2);
    expect(records).toEqual({
      'tag:a': {
        bodyHash: '',
        declaredModified: ms('2026-01-01T00:00:00Z'),
        modified: ms('2026-01-05T00:00:00Z'),
        firstPublished: 1,
      },
      'tag:b': { bodyHash: 'h2', declaredModified: 5, modified: ms('2026-01-02T00:00:00Z') },
      'tag:w': {
        bodyHash: '',
        declaredModified: ms('2026-01-07T00:00:00Z'),
        modified: ms('2026-01-07T00:00:00Z'),
        withdrawnAt: ms('2026-01-07T00:00:00Z'),
      },
    });
  });

  it('completes a feed state: slots it lacks appended, names it lacks given their published slug', () => {
    const state = {
      version: 1 as const,
      archive: ['tag:a'],
      slugs: { sections: { Land: 'land' }, tags: {}, authors: {} },
    };
    expect(mergeHistoryIntoFeedState(state, history, ['tag:a', 'tag:b', `${VACANT_SLOT}1:2`])).toEqual({
      version: 1,
      archive: ['tag:a', 'tag:b'],
      slugs: { sections: { Café: 'caf', Land: 'land' }, tags: {}, authors: { 'A. Reporter': 'a-reporter' } },
    });
  });
});
