import { describe, expect, it } from 'vitest';
import { escapeLine, escapeText } from './escape.js';

describe('escapeLine', () => {
  it('escapes a newline, a carriage return, an ANSI escape and C1 controls; keeps tabs and text', () => {
    expect(escapeLine('a\nerror: forged\r\u001b[31mred\u009b\tok é')).toBe(
      'a\\nerror: forged\\r\\x1b[31mred\\x9b\tok é',
    );
  });

  it('escapes the Unicode line separators', () => {
    expect(escapeLine('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });
});

describe('escapeText', () => {
  it('keeps newlines, escapes the rest', () => {
    expect(escapeText('line one\nline \u001b[2Jtwo')).toBe('line one\nline \\x1b[2Jtwo');
  });
});
