import { describe, expect, it } from 'vitest';
import type { Entry } from '../model.js';
import type { StoredContent } from '../render/body-store.js';
import { lazyContent, storedContentOf, withLazyContent } from './lazy-content.js';

/**
 * An entry's content, assembled only when read, by the build that made the entry; and one
 * prototype for the entries of every build, so that a long-running job's optimized code
 * keeps seeing the same hidden classes run after run.
 */

const FIELDS: Omit<Entry, 'contentHtml'> = {
  id: 'tag:northwind,2026:hearing',
  url: 'https://news.northwind-rights.example/hearing/',
  title: 'Hearing Adjourned',
  contentKey: 'k1',
  published: 0,
  modified: 0,
  authors: [],
  tags: [],
  corrections: [],
  sourcePath: '/articles/hearing.md',
};

describe('withLazyContent', () => {
  it("reads each entry's content through its own build, only when asked, and shows only the fields to JSON", () => {
    const asked: string[] = [];
    const first = lazyContent((source: string, key) => {
      asked.push(`first ${source} ${key}`);
      return `<p>${source}</p>`;
    });
    const second = lazyContent((source: string) => `<p>second build: ${source}</p>`);
    const a = withLazyContent(first, FIELDS, 'hearing.md');
    const b = withLazyContent(second, FIELDS, 'hearing.md');
    expect(asked).toEqual([]);
    expect(a.contentHtml).toBe('<p>hearing.md</p>');
    expect(b.contentHtml).toBe('<p>second build: hearing.md</p>');
    expect(asked).toEqual(['first hearing.md k1']);
    expect(JSON.parse(JSON.stringify(a))).toEqual(FIELDS);
  });

  it('gives the entries of two builds one prototype', () => {
    const a = withLazyContent(
      lazyContent(() => 'a'),
      FIELDS,
      1,
    );
    const b = withLazyContent(
      lazyContent(() => 'b'),
      FIELDS,
      2,
    );
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
  });

  it('hands a feed thread the stored content of an entry whose build has a store, and undefined otherwise', () => {
    const stored: StoredContent = { kind: 'stored' } as unknown as StoredContent;
    const withStore = lazyContent(
      () => '',
      (source: string) => (source === 'hearing.md' ? stored : undefined),
    );
    expect(storedContentOf(withLazyContent(withStore, FIELDS, 'hearing.md'))).toBe(stored);
    expect(storedContentOf(withLazyContent(withStore, FIELDS, 'other.md'))).toBeUndefined();
    expect(
      storedContentOf(
        withLazyContent(
          lazyContent(() => ''),
          FIELDS,
          'hearing.md',
        ),
      ),
    ).toBeUndefined();
    expect(storedContentOf({ ...FIELDS, contentHtml: '<p>kept</p>' })).toBeUndefined();
  });
});
