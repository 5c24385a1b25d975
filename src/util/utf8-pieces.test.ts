import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8OfPieces } from './utf8-pieces.js';

const joined = (pieces: string[]) => Buffer.from(pieces.join(''), 'utf8');
const encoded = (pieces: string[]) => Buffer.from(utf8OfPieces(pieces));

describe('utf8OfPieces', () => {
  it('writes the bytes of the joined text: tags gathered, a long content piece outside Latin-1, an emoji', () => {
    const content = `Le café “ouvert” — ${'texte &amp; &lt;p&gt; '.repeat(200)} 🗞️ fin`;
    const pieces = ['<?xml version="1.0"?>', '\n<feed>', '<title>', 'Édition', '</title>', content, '\n</feed>', '\n'];
    const bytes = encoded(pieces);
    expect(bytes.equals(joined(pieces))).toBe(true);
    expect(bytes.toString('utf8')).toBe(pieces.join(''));
    expect(bytes.subarray(0, 21).toString('latin1')).toBe('<?xml version="1.0"?>');
  });

  it('grows past its first guess when most characters take three bytes', () => {
    // 40,000 characters of three bytes each: 120,000 bytes against a first buffer of about 44,000.
    const pieces = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? '—' : '“').repeat(1_000));
    const bytes = encoded(pieces);
    expect(bytes.length).toBe(120_000);
    expect(bytes.equals(joined(pieces))).toBe(true);
  });

  it('gathers thousands of small pieces across its gathering size and keeps their order', () => {
    const pieces = Array.from({ length: 5_000 }, (_, i) => (i % 7 === 0 ? `<é${i}>` : `v${i}`));
    expect(encoded(pieces).equals(joined(pieces))).toBe(true);
  });

  it('writes nothing for no pieces or empty ones', () => {
    expect(encoded([]).length).toBe(0);
    expect(encoded(['', '', '']).length).toBe(0);
  });

  it('matches the joined text for any pieces of whole characters', () => {
    // Whole characters: a piece never ends in half of a surrogate pair (feed text is cleaned of those).
    const char = fc.constantFrom('a', '<', '&', 'é', 'ß', '—', '“', '中', '🗞', '😀', '\n');
    const piece = fc.oneof(
      fc.array(char, { maxLength: 8 }).map((chars) => chars.join('')),
      fc.array(char, { minLength: 1_000, maxLength: 3_000 }).map((chars) => chars.join('')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => encoded(pieces).equals(joined(pieces))),
      { numRuns: 300 },
    );
  });
});
