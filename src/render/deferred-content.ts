import { lazyContent } from '../entries/lazy-content.js';
import type { ContentSource, EntryContentOptions } from './entry-content.js';

/**
 * Entry content is assembled only when a feed holding the entry is serialized
 * (render/entry-content.ts). Its module, which brings the Markdown and HTML parsers, is
 * loaded by `load()` before the first serialization, and never by a rebuild that rewrites
 * no feed; `prototype` is what the build's entries inherit their `contentHtml` getter from.
 */
export function deferredContent(options: EntryContentOptions): { load(): Promise<void>; prototype: object } {
  let contentOf: ((source: ContentSource, contentKey: string | undefined) => string) | undefined;
  return {
    async load() {
      const { entryContentRenderer } = await import('./entry-content.js');
      contentOf ??= entryContentRenderer(options);
    },
    prototype: lazyContent((source: ContentSource, contentKey: string | undefined) => {
      if (!contentOf) throw new Error('bug: entry content read before load()');
      return contentOf(source, contentKey);
    }),
  };
}
