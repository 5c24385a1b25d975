import type { Entry } from '../model.js';
import type { StoredContent } from '../render/body-store.js';

/**
 * Entries carry their content as a getter: a feed whose fingerprint did not move
 * is never serialized, so its entries' contents are never assembled. The getter lives on one
 * prototype shared by every entry of every build, so JSON.stringify and spreads see only the
 * entry's own fields (`contentKey` and `entryKey` standing for the content), and none needs a
 * closure of its own: it holds what its content is made from, and the build's way of making
 * it (LazyContent), under symbols. One prototype, not one per build: an object's hidden class
 * hangs off its prototype, so entries of a new build would otherwise all have classes the
 * long-running job's optimized code has never seen, and each run would begin by throwing
 * that code away (measured: docs/benchmark-log.md).
 */

const CONTENT_SOURCE = Symbol('content source');
const CONTENT_MAKER = Symbol('content maker');

/** How one build makes its entries' content: `content(source, contentKey)`, and `stored(source)`. */
export interface LazyContent<S = never> {
  content(source: S, contentKey: string | undefined): string;
  stored?(source: S): StoredContent | undefined;
}

type LazyEntry = Record<typeof CONTENT_SOURCE, unknown> &
  Record<typeof CONTENT_MAKER, LazyContent<unknown>> &
  Pick<Entry, 'contentKey'>;

const ENTRY_PROTOTYPE = {
  get contentHtml(): string {
    const entry = this as unknown as LazyEntry;
    return entry[CONTENT_MAKER].content(entry[CONTENT_SOURCE], entry.contentKey);
  },
};

/** A build's LazyContent: `contentHtml` is `content(source, contentKey)`, computed when read; storedContentOf(entry) is `stored(source)`. */
export function lazyContent<S>(
  content: (source: S, contentKey: string | undefined) => string,
  stored?: (source: S) => StoredContent | undefined,
): LazyContent<S> {
  return stored ? { content, stored } : { content };
}

/**
 * The entry's content as a feed thread can finish it from the body store (render/
 * entry-content.ts, storedContentOf); undefined for an entry whose content is plain data.
 */
export function storedContentOf(entry: Entry): StoredContent | undefined {
  const lazy = entry as Partial<LazyEntry>;
  return lazy[CONTENT_MAKER]?.stored?.(lazy[CONTENT_SOURCE]);
}

export function withLazyContent<S>(maker: LazyContent<S>, fields: Omit<Entry, 'contentHtml'>, source: S): Entry {
  const entry = Object.assign(Object.create(ENTRY_PROTOTYPE) as { contentHtml: string }, fields);
  const lazy = entry as unknown as LazyEntry;
  lazy[CONTENT_SOURCE] = source;
  lazy[CONTENT_MAKER] = maker as LazyContent<unknown>;
  return entry;
}
