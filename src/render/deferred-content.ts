import { lazyContent, type LazyContent } from '../entries/lazy-content.js';
import type { ContentSource, EntryContentOptions, EntryContentRenderer } from './entry-content.js';

/**
 * Entry content is assembled only when a feed holding the entry is serialized
 * (render/entry-content.ts). Its module, which brings the Markdown and HTML parsers, is
 * loaded by `load()` before the first serialization, and never by a rebuild that rewrites
 * no feed; `lazy` is how the build's entries' `contentHtml` getter assembles it.
 */
export function deferredContent(options: EntryContentOptions): {
  load(): Promise<void>;
  lazy: LazyContent<ContentSource>;
} {
  let renderer: EntryContentRenderer | undefined;
  const loaded = (): EntryContentRenderer => {
    if (!renderer) throw new Error('bug: entry content read before load()');
    return renderer;
  };
  return {
    async load() {
      const { entryContentRenderer } = await import('./entry-content.js');
      renderer ??= entryContentRenderer(options);
    },
    lazy: lazyContent(
      (source: ContentSource, contentKey: string | undefined) => loaded().contentOf(source, contentKey),
      (source: ContentSource) => loaded().storedContentOf(source),
    ),
  };
}
