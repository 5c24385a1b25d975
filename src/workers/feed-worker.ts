// Worker-thread entry point for piscina: one feed document serialized, returned as UTF-8
// bytes with their SHA-256, so that the main thread only writes them (see feed-pool.ts). The
// bytes are encoded from the document's pieces (util/utf8-pieces.ts) and moved to the main
// thread, not copied: a cold build's feeds are about 90 MB.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { FeedDocument } from '../feeds/document.js';
import { SERIALIZERS_TO_PIECES, type DetachedEntry, type SerializeJob } from '../feeds/serialize.js';
import { sha256Of, type HashedBytes } from '../publish/digest.js';
import { storedBodyReader } from '../render/body-store.js';
import { utf8OfPieces } from '../util/utf8-pieces.js';

/** The feed's bytes and digest; null when a stored body could not be read (see withStoredContents). */
export default function serialize({ format, document }: SerializeJob): HashedBytes | null {
  if (!withStoredContents(document)) return null;
  const bytes = utf8OfPieces(SERIALIZERS_TO_PIECES[format](document));
  // Hashed here rather than by the main thread, whose work on the feeds the threads wait for
  // (publish/published-files.ts records each file's digest). piscina sends the value and
  // transfers the buffer named beside it: the caller receives the plain object.
  const feed: HashedBytes = { bytes, sha256: sha256Of(bytes) };
  return move({ [transferableSymbol]: bytes.buffer, [valueSymbol]: feed }) as unknown as HashedBytes;
}

/**
 * Finishes, in place, each content the main thread left to this thread (feeds/serialize.ts,
 * `detached`): what comes before the body, then the body read from the store, its SHA-256
 * checked unless this build stored it, each pack opened once. False when a body is missing
 * or damaged: the main thread then serializes the feed itself, and its content assembly
 * renders that body again from its article (render/entry-content.ts), so the bytes are the
 * same either way.
 */
function withStoredContents(document: FeedDocument): boolean {
  const readers = new Map<string, ReturnType<typeof storedBodyReader>>();
  try {
    for (const entry of document.entries as DetachedEntry[]) {
      const stored = entry.storedContent;
      if (!stored) continue;
      let reader = readers.get(stored.folder);
      if (!reader) readers.set(stored.folder, (reader = storedBodyReader(stored.folder)));
      const body = reader.read(stored.body, stored.writtenNow);
      if (body === undefined) return false;
      entry.contentHtml = stored.before + body;
      delete entry.storedContent;
    }
    return true;
  } finally {
    for (const reader of readers.values()) reader.close();
  }
}
