import type { Entry } from '../model.js';
import type { StoredContent } from '../render/body-store.js';

/**
 * Entries carry their content as a getter: a feed whose fingerprint did not move
 * is never serialized, so its entries' contents are never assembled. The getter lives on a
 * prototype made once per build (lazyContent), so JSON.stringify and spreads see only the
 * entry's own fields (`contentKey` and `entryKey` standing for the content), every entry keeps
 * one fast shape, and none needs a closure of its own: it holds what its content is made
 * from under a symbol.
 */

const CONTENT_SOURCE = Symbol('content source');
const STORED_CONTENT = Symbol('stored content');

/**
 * The prototype of a build's entries: `contentHtml` is `content(source, contentKey)`, computed
 * when read; storedContentOf(entry) is `stored(source)`.
 */
export function lazyContent<S>(
  content: (source: S, contentKey: string | undefined) => string,
  stored?: (source: S) => StoredContent | undefined,
): object {
  return {
    get contentHtml(): string {
      const entry = this as unknown as Record<typeof CONTENT_SOURCE, S> & Pick<Entry, 'contentKey'>;
      return content(entry[CONTENT_SOURCE], entry.contentKey);
    },
    [STORED_CONTENT](this: Record<typeof CONTENT_SOURCE, S>): StoredContent | undefined {
      return stored?.(this[CONTENT_SOURCE]);
    },
  };
}

/**
 * The entry's content as a feed thread can finish it from the body store (render/
 * entry-content.ts, storedContentOf); undefined for an entry whose content is plain data.
 */
export function storedContentOf(entry: Entry): StoredContent | undefined {
  const stored = (entry as Partial<Record<typeof STORED_CONTENT, () => StoredContent | undefined>>)[STORED_CONTENT];
  return stored?.call(entry);
}

export function withLazyContent<S>(prototype: object, fields: Omit<Entry, 'contentHtml'>, source: S): Entry {
  const entry = Object.assign(Object.create(prototype) as { contentHtml: string }, fields);
  (entry as unknown as Record<typeof CONTENT_SOURCE, S>)[CONTENT_SOURCE] = source;
  return entry;
}
