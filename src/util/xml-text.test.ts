import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml, plainText, stripXmlIllegal } from './xml-text.js';

describe('cleanText: the characters no feed carries', () => {
  it.each([
    ['C0 controls except tab, LF, CR', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u000Eg\u001Fh', 'abcdefgh'],
    ['tab, LF and CR stay', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['an unpaired high surrogate', 'a\uD800b', 'ab'],
    ['an unpaired low surrogate', 'a\uDC00b', 'ab'],
    ['a high surrogate at the end', 'ab\uD83D', 'ab'],
    ['a paired surrogate (emoji) stays', 'a\uD83D\uDE00b', 'a😀b'],
    ['DEL and the C1 controls', 'a\u007Fb\u0080c\u0085d\u009Fe', 'abcde'],
    ['U+00A0 and everything above C1 stays', 'a\u00A0é\u05D0\u202E\u200D\u0301', 'a\u00A0é\u05D0\u202E\u200D\u0301'],
    [
      'noncharacters other than U+FFFE/U+FFFF stay (legal XML, read back by feedparser)',
      '\uFDD0\u{10FFFE}',
      '\uFDD0\u{10FFFE}',
    ],
    [']]> and markup are text, not removed', 'a]]>b<c>&amp;', 'a]]>b<c>&amp;'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
    expect(cleanText(cleanText(input))).toBe(expected);
  });

  it('stripXmlIllegal keeps the discouraged controls (XML allows them)', () => {
    expect(stripXmlIllegal('a\u0001\u0085b')).toBe('a\u0085b');
  });
});

describe('plainText', () => {
  it.each([
    ['surrounding white space', '  Title \n', 'Title'],
    ['white space behind a removed control character', '\u0001 Title \u0000', 'Title'],
    ['inner white space is kept', 'a \t b\nc', 'a \t b\nc'],
    ['CRLF and a lone CR become LF (as XML and HTML parsers make them)', 'a\r\nb\rc', 'a\nb\nc'],
    ['only removed characters and white space', ' \u0000\u0085 \uFFFF ', ''],
  ])('%s', (_name, input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});

describe('escapeHtml', () => {
  it('escapes &, <, > and " so text is safe in element content and double-quoted attributes', () => {
    expect(escapeHtml(`a & b <script>"x" 'y' &amp;`)).toBe(`a &amp; b &lt;script&gt;&quot;x&quot; 'y' &amp;amp;`);
  });
});
