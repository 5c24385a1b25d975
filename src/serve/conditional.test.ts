import { describe, expect, it } from 'vitest';
import { etagOf, httpDate, isNotModified } from './conditional.js';

const bytes = Buffer.from('<rss/>');
const etag = etagOf(bytes);
const mtime = Date.parse('2026-09-05T06:30:00.750Z');

describe('etagOf', () => {
  it('is a strong, quoted tag that follows the content', () => {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf(Buffer.from('<rss/>'))).toBe(etag);
    expect(etagOf(Buffer.from('<rss />'))).not.toBe(etag);
    expect(etagOf(bytes, 'xml')).toBe(`${etag.slice(0, -1)}-xml"`);
  });
});

describe('httpDate', () => {
  it('is an IMF-fixdate in whole seconds', () => {
    expect(httpDate(mtime)).toBe('Sat, 05 Sep 2026 06:30:00 GMT');
  });
});

describe('isNotModified', () => {
  it.each([
    ['the same ETag', { ifNoneMatch: etag }, true],
    ['a weak form of the same ETag', { ifNoneMatch: `W/${etag}` }, true],
    ['a list holding the ETag', { ifNoneMatch: `"other", ${etag}` }, true],
    ['*', { ifNoneMatch: '*' }, true],
    ['another ETag', { ifNoneMatch: '"other"' }, false],
    [
      'another ETag, even with a fresh If-Modified-Since',
      { ifNoneMatch: '"other"', ifModifiedSince: 'Sun, 06 Sep 2026 00:00:00 GMT' },
      false,
    ],
    [
      'If-Modified-Since at the mtime (sub-second part ignored)',
      { ifModifiedSince: 'Sat, 05 Sep 2026 06:30:00 GMT' },
      true,
    ],
    ['If-Modified-Since after the mtime', { ifModifiedSince: 'Sat, 05 Sep 2026 07:00:00 GMT' }, true],
    ['If-Modified-Since before the mtime', { ifModifiedSince: 'Sat, 05 Sep 2026 06:29:59 GMT' }, false],
    ['an unparsable If-Modified-Since', { ifModifiedSince: 'yesterday' }, false],
    ['no conditional header', {}, false],
  ])('%s → %s', (_what, headers, expected) => {
    expect(isNotModified(headers, etag, mtime)).toBe(expected);
  });
});
