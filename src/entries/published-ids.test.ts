import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics.js';
import type { EntryRecord } from './history.js';
import { keepPublishedIds, publishedIdsBySource } from './published-ids.js';

const record = (sourcePath: string, firstPublished?: number): EntryRecord => ({
  bodyHash: 'h',
  declaredModified: 0,
  modified: 0,
  sourcePath,
  ...(firstPublished === undefined ? {} : { firstPublished }),
});

const item = (sourcePath: string, id: string, explicit?: string) => ({
  article: explicit === undefined ? {} : { id: explicit },
  prepared: { id, sourcePath, lines: explicit === undefined ? {} : { id: 3 } },
  displayPath: `articles/${sourcePath}`,
});

describe('publishedIdsBySource', () => {
  it('maps each file to the id it was first published under', () => {
    const ids = publishedIdsBySource({
      'tag:new.example,2026-01-01:a': record('a.md', 200),
      'tag:old.example,2026-01-01:a': record('a.md', 100),
      'tag:old.example,2026-01-02:b': record('b.md', 150),
    });
    expect([...ids]).toEqual([
      ['a.md', 'tag:old.example,2026-01-01:a'],
      ['b.md', 'tag:old.example,2026-01-02:b'],
    ]);
  });

  it('prefers a published record over one never published, and the smaller id between two published together', () => {
    const ids = publishedIdsBySource({
      'tag:x.example,2026-01-01:never': record('a.md'),
      'tag:x.example,2026-01-01:published': record('a.md', 300),
      'tag:x.example,2026-01-02:z': record('b.md', 100),
      'tag:x.example,2026-01-02:m': record('b.md', 100),
    });
    expect(Object.fromEntries(ids)).toEqual({
      'a.md': 'tag:x.example,2026-01-01:published',
      'b.md': 'tag:x.example,2026-01-02:m',
    });
  });
});

describe('keepPublishedIds', () => {
  const published = new Map([['a.md', 'tag:old.example,2026-01-01:a']]);

  it('keeps the published id over a new derived one, with an info line', () => {
    const diagnostics: Diagnostic[] = [];
    const { kept, failed } = keepPublishedIds([item('a.md', 'tag:new.example,2026-01-01:a')], published, diagnostics);
    expect(kept.map((k) => k.prepared.id)).toEqual(['tag:old.example,2026-01-01:a']);
    expect(failed).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: 'info',
        file: 'articles/a.md',
        key: 'id',
        message:
          'kept "tag:old.example,2026-01-01:a", the id it was first published under; the site URL, slug or date would now make it "tag:new.example,2026-01-01:a" (the link moves, the id stays)',
      },
    ]);
  });

  it('refuses an explicit id that differs from the published one', () => {
    const diagnostics: Diagnostic[] = [];
    const { kept, failed } = keepPublishedIds([item('a.md', 'tag:x,2026:y', 'tag:x,2026:y')], published, diagnostics);
    expect(kept).toEqual([]);
    expect(failed).toHaveLength(1);
    expect(diagnostics).toMatchObject([{ severity: 'error', line: 3, key: 'id' }]);
  });

  it('leaves unpublished and unchanged articles as they are', () => {
    const diagnostics: Diagnostic[] = [];
    const same = item('a.md', 'tag:old.example,2026-01-01:a');
    const fresh = item('c.md', 'tag:old.example,2026-01-03:c');
    expect(keepPublishedIds([same, fresh], published, diagnostics).kept).toEqual([same, fresh]);
    expect(diagnostics).toEqual([]);
  });
});
