import { atomPieces, renderAtom } from './atom.js';
import { storedContentOf } from '../entries/lazy-content.js';
import type { Entry } from '../model.js';
import type { StoredContent } from '../render/body-store.js';
import type { FeedDocument } from './document.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss, rssPieces } from './rss.js';

/**
 * The three serializers of a FeedDocument, by format name: the name is what crosses to a
 * worker thread when feeds are serialized in parallel (workers/feed-pool.ts).
 */
export const SERIALIZERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;
export type FeedFormat = keyof typeof SERIALIZERS;

/**
 * The same serializers, each document as the pieces of its text, for a feed thread to encode
 * without joining them first (workers/feed-worker.ts). A JSON feed is one piece.
 */
export const SERIALIZERS_TO_PIECES: Record<FeedFormat, (document: FeedDocument) => string[]> = {
  rss: rssPieces,
  atom: atomPieces,
  json: (document) => [renderJsonFeed(document)],
};

/** A feed to serialize: its format and document. */
export interface SerializeJob {
  format: FeedFormat;
  document: FeedDocument;
}

/** An entry of a detached document: its content either in `contentHtml` or, to be finished by the feed thread, in `storedContent`. */
export type DetachedEntry = Entry & { storedContent?: StoredContent };

/**
 * The document with every entry's content as plain data (build.ts gives entries a lazy
 * getter, which a structured clone would drop), ready to cross to a worker thread. A content
 * whose body is stored as final is left for the thread to finish (storedContent): reading the
 * body, and the copy of it to the thread, then cost the main thread nothing.
 */
export function detached(document: FeedDocument): FeedDocument {
  return {
    ...document,
    entries: document.entries.map((entry): DetachedEntry => {
      const storedContent = storedContentOf(entry);
      return storedContent
        ? { ...entry, contentHtml: '', storedContent }
        : { ...entry, contentHtml: entry.contentHtml };
    }),
  };
}
