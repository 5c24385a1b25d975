// Worker-thread entry point for piscina: one feed document serialized, returned as UTF-8
// bytes so that the main thread only writes them (see feed-pool.ts). The bytes are encoded
// from the document's pieces (util/utf8-pieces.ts) and moved to the main thread, not
// copied: a cold build's feeds are about 90 MB.
import { move } from 'piscina';
import { SERIALIZERS_TO_PIECES, type SerializeJob } from '../feeds/serialize.js';
import { utf8OfPieces } from '../util/utf8-pieces.js';

export default function serialize({ format, document }: SerializeJob): Uint8Array {
  // `move` wraps the bytes only to mark them for transfer; piscina hands the caller the bytes themselves.
  return move(utf8OfPieces(SERIALIZERS_TO_PIECES[format](document))) as Uint8Array;
}
