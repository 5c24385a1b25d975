import { describe, expect, it } from 'vitest';
import type { Entry } from '../model.js';
import { anyNewlyDeleted, findDeletions } from './deleted.js';
import type { EntryRecord } from './history.js';

const NOW = Date.UTC(2026, 5, 1);
const record = (sourcePath: string, extra: Partial<EntryRecord> = {}): EntryRecord => ({
  bodyHash: 'h',
  declaredModified: 1,
  modified: 1,
  sourcePath,
  ...extra,
});
const entry = {
  id: 'a',
  url: 'https://x.example/a/',
  published: 5,
  tags: ['T'],
  authors: [{ name: 'N' }],
  section: 'S',
};

describe('findDeletions (pure)', () => {
  const records = { a: record('a.md'), b: record('b.md'), w: record('w.md', { withdrawnAt: 3 }) };

  it('makes a tombstone for a record whose file and id are gone, from the last window when it is there', () => {
    const input = {
      records,
      sourcePaths: new Set(['b.md']),
      liveIds: new Set(['b']),
      remembered: {},
      lastGood: new Map([['a', entry as unknown as Entry]]),
      now: NOW,
    };
    expect(anyNewlyDeleted(input)).toBe(true);
    const outcome = findDeletions(input);
    expect(outcome.newlyDeleted).toEqual(['a']);
    expect(outcome.tombstones).toEqual([
      {
        id: 'a',
        url: 'https://x.example/a/',
        when: NOW,
        sourcePath: 'a.md',
        published: 5,
        tags: ['T'],
        authors: [{ name: 'N' }],
        section: 'S',
      },
    ]);
  });

  it('a moved file (same id elsewhere) is no deletion; a withdrawn record is left to the withdrawal', () => {
    const input = {
      records,
      sourcePaths: new Set(['moved/a.md', 'b.md']),
      liveIds: new Set(['a', 'b']),
      remembered: {},
    };
    expect(anyNewlyDeleted(input)).toBe(false);
    expect(findDeletions({ ...input, lastGood: new Map(), now: NOW }).tombstones).toEqual([]);
  });

  it('keeps remembered deletions until the article comes back', () => {
    const remembered = { a: { when: 7, sourcePath: 'a.md' } };
    const gone = findDeletions({
      records: {},
      sourcePaths: new Set(),
      liveIds: new Set(),
      remembered,
      lastGood: new Map(),
      now: NOW,
    });
    expect(gone.tombstones).toEqual([{ id: 'a', when: 7, sourcePath: 'a.md' }]);
    const back = findDeletions({
      records: {},
      sourcePaths: new Set(['a.md']),
      liveIds: new Set(['a']),
      remembered,
      lastGood: new Map(),
      now: NOW,
    });
    expect(back.tombstones).toEqual([]);
    expect(back.remembered).toEqual({});
  });
});
