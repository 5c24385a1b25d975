// Worker-thread entry point for piscina: one feed document serialized, returned as UTF-8
// bytes so that the main thread only writes them (see feed-pool.ts). The bytes are encoded
// from the document's pieces (util/utf8-pieces.ts) and moved to the main thread, not
// copied: a cold build's feeds are about 90 MB.
import { move } from 'piscina';
import type { FeedDocument } from '../feeds/document.js';
import { SERIALIZERS_TO_PIECES, type DetachedEntry, type SerializeJob } from '../feeds/serialize.js';
import { storedBodyReader } from '../render/body-store.js';
import { utf8OfPieces } from '../util/utf8-pieces.js';

/** The feed's bytes; null when a stored body could not be read (see withStoredContents). */
export default function serialize({ format, document }: SerializeJob): Uint8Array | null {
  if (!withStoredContents(document)) return null;
  // `move` wraps the bytes only to mark them for transfer; piscina hands the caller the bytes themselves.
  return move(utf8OfPieces(SERIALIZERS_TO_PIECES[format](document))) as Uint8Array;
}

/**
 * Finishes, in place, each content the main thread left to this thread (feeds/serialize.ts,
 * `detached`): what comes before the body, then the body read from the store, its SHA-256
 * checked, each pack opened once. False when a body is missing or damaged: the main thread
 * then serializes the feed itself, and its content assembly renders that body again from its
 * article (render/entry-content.ts), so the bytes are the same either way.
 */
function withStoredContents(document: FeedDocument): boolean {
  const readers = new Map<string, ReturnType<typeof storedBodyReader>>();
  try {
    for (const entry of document.entries as DetachedEntry[]) {
      const stored = entry.storedContent;
      if (!stored) continue;
      let reader = readers.get(stored.folder);
      if (!reader) readers.set(stored.folder, (reader = storedBodyReader(stored.folder)));
      const body = reader.read(stored.body);
      if (body === undefined) return false;
      entry.contentHtml = stored.before + body;
      delete entry.storedContent;
    }
    return true;
  } finally {
    for (const reader of readers.values()) reader.close();
  }
}
