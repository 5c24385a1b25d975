/**
 * The UTF-8 bytes of `pieces.join('')`, encoded piece by piece into one buffer (pure).
 *
 * Why not join then encode: an archive page of a cold build is tens of megabytes, and one
 * piece outside Latin-1 (a curly quote in an article) makes V8 join all of it into a
 * two-byte string, widened, copied and then encoded again; encoding the pieces as they are
 * took about 40% of the time in a measurement (docs/benchmark-log.md). Small
 * pieces (tags, dates) are gathered first, as one call per tag would cost more than it saves.
 * The bytes are those of the joined string as long as no piece ends in half of a surrogate
 * pair, which escaped feed text never does (util/xml-text.ts removes unpaired surrogates).
 */
export function utf8OfPieces(pieces: readonly string[]): Uint8Array {
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  // Most feed text is ASCII: one byte a character, and room to spare; grown when not enough.
  let bytes = new Uint8Array(Math.ceil(chars * 1.1) + 64);
  let length = 0;
  const write = (text: string): void => {
    let rest = text;
    for (;;) {
      const { read, written } = utf8.encodeInto(rest, bytes.subarray(length));
      length += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      const grown = new Uint8Array(Math.max(bytes.length * 2, length + rest.length * 3));
      grown.set(bytes.subarray(0, length));
      bytes = grown;
    }
  };
  let gathered = '';
  for (const piece of pieces) {
    if (piece.length < SMALL_PIECE) {
      gathered += piece;
      if (gathered.length >= GATHERED) {
        write(gathered);
        gathered = '';
      }
      continue;
    }
    if (gathered) write(gathered);
    gathered = '';
    write(piece);
  }
  if (gathered) write(gathered);
  return bytes.subarray(0, length);
}

const utf8 = new TextEncoder();
/** Pieces shorter than this are gathered into one string of about `GATHERED` characters before encoding. */
const SMALL_PIECE = 1024;
const GATHERED = 16_384;
