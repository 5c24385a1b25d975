import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashBytes, type ArticleMeta, type PreparedArticle } from '../load/prepare.js';
import { parseArticleBytes } from '../load/read-article.js';
import type { ImageTable } from '../model.js';
import { articleContentHtml, contentBeforeBody } from './article-html.js';
import type { StoredContent, StoredPlace } from './body-store.js';
import type { ContentMemory } from './content-memory.js';
import { renderBody } from './body.js';
import { resolveLinkStandIns } from './templates/links.js';

/**
 * Entry content HTML, assembled when a feed that holds the entry is serialized:
 * from the body this build rendered, or, for an article whose file did not change, from the
 * body store (render/body-store.ts), or, when the store lacks it, rendered again from the
 * file (and stored). Synchronous because it runs inside a serializer. build.ts loads this module
 * only when some feed is rewritten: it brings the Markdown, HTML and YAML parsers.
 */

export interface ContentSource {
  prepared: Pick<PreparedArticle, 'sourcePath' | 'displayPath' | 'fileHash'>;
  article: ArticleMeta;
  url: string;
}

export interface EntryContentOptions {
  /** Bodies rendered by this build, by source path. */
  bodies: ReadonlyMap<string, string>;
  images: ImageTable;
  articlesDir: string;
  /** The `sizes` attribute of responsive images. */
  sizes: string;
  /** The stored body of an unchanged article (load/article-cache.ts), when the store has it. */
  storedBody?: (sourcePath: string) => string | undefined;
  /** Where that stored body lies (load/article-cache.ts). */
  whereStored?: (sourcePath: string) => StoredPlace | undefined;
  /** Keeps a body rendered again here, so that later builds find it stored. */
  keepBody?: (sourcePath: string, html: string) => void;
  /** The site URL, for template syntax in bodies rendered again here (render/templates/). */
  siteUrl?: string;
  /** A linked article's URL (render/templates/links.ts), for links written with template syntax. */
  linkTarget?: (target: string) => string | undefined;
  /** What a long-running job assembled in its earlier builds (render/content-memory.ts). */
  memory?: ContentMemory | undefined;
}

export interface EntryContentRenderer {
  contentOf(source: ContentSource, contentKey?: string): string;
  /**
   * The content as a feed thread can finish it itself, reading the body from the store
   * (body-store.ts, StoredContent), when that body is stored as final and not at hand here;
   * otherwise undefined. Never in a long-running job, which keeps the contents it assembled
   * for its later builds (content-memory.ts).
   */
  storedContentOf(source: ContentSource): StoredContent | undefined;
}

export function entryContentRenderer(options: EntryContentOptions): EntryContentRenderer {
  const rerendered = new Map<string, string>();
  // Bodies rendered from bytes other than those the entry's key was made from (the file
  // changed during this build): their content is right for this build only.
  const notOfTheirKey = new Set<string>();
  const bodyOf = ({ prepared, url }: ContentSource): string => {
    const known = options.bodies.get(prepared.sourcePath) ?? rerendered.get(prepared.sourcePath);
    if (known !== undefined) return known;
    // Not kept: reading a stored body again is cheaper than holding every body of a
    // 50,000-article archive in memory at once.
    const stored = options.storedBody?.(prepared.sourcePath);
    if (stored !== undefined) return stored;
    const bytes = readFileSync(path.join(options.articlesDir, prepared.sourcePath));
    const read = parseArticleBytes(bytes, prepared.sourcePath, prepared.displayPath);
    // The very bytes an earlier build rendered within their time limit render again without
    // one: the limit's watchdog thread would cost more than the rendering. Other bytes (the
    // file changed after this build read it) are bounded as usual.
    const budget = hashBytes(bytes) === prepared.fileHash ? Infinity : undefined;
    const rendered = read.ok ? renderBody(read.source.body, url, budget, options.siteUrl) : undefined;
    // If the file changed after this build read it, this is its newer body; the next build
    // sees the change and publishes the rest of it.
    const html = rendered?.ok ? rendered.html : '';
    rerendered.set(prepared.sourcePath, html);
    if (budget !== Infinity) notOfTheirKey.add(prepared.sourcePath);
    if (budget === Infinity && rendered?.ok) options.keepBody?.(prepared.sourcePath, html);
    return html;
  };
  // The same entry is written into up to nine files of a rewrite (the three formats of its
  // window, section and tag feeds, its archive page, last-good.json): its content is
  // assembled once for the recent ones. Bounded, so a cold build of 50,000 articles still
  // holds only a few hundred contents.
  const recent = new Map<ContentSource, string>();
  const contentOf = (source: ContentSource, contentKey?: string): string => {
    let html = recent.get(source) ?? (contentKey === undefined ? undefined : options.memory?.recall(contentKey));
    if (html === undefined) {
      const body = options.linkTarget ? resolveLinkStandIns(bodyOf(source), options.linkTarget) : bodyOf(source);
      html = articleContentHtml(source.article, body, source.url, options.images, options.sizes);
      if (contentKey !== undefined && !notOfTheirKey.has(source.prepared.sourcePath))
        options.memory?.keep(contentKey, html);
    }
    if (!recent.has(source)) {
      if (recent.size >= RECENT_CONTENTS) recent.delete(recent.keys().next().value as ContentSource);
      recent.set(source, html);
    }
    return html;
  };
  const storedContentOf = (source: ContentSource): StoredContent | undefined => {
    const { sourcePath } = source.prepared;
    if (options.memory || recent.has(source) || options.bodies.has(sourcePath) || rerendered.has(sourcePath))
      return undefined;
    const where = options.whereStored?.(sourcePath);
    if (!where?.body.final) return undefined;
    return { before: contentBeforeBody(source.article, options.images, options.sizes), ...where };
  };
  return { contentOf, storedContentOf };
}

const RECENT_CONTENTS = 512;
