import { describe, expect, it } from 'vitest';
import { shrinkRefusal } from './shrink-guard.js';

const base = {
  articleFiles: 10,
  previous: 10,
  next: 10,
  maxShrink: 0.5,
  allowShrink: false,
  articlesFolder: 'articles',
};

describe('shrinkRefusal (pure)', () => {
  it('lets a build through that keeps at least half', () => {
    expect(shrinkRefusal({ ...base, next: 5 })).toBeUndefined();
    expect(shrinkRefusal({ ...base, next: 12 })).toBeUndefined();
  });

  it('refuses one that loses more than publish.maxShrink, saying how much', () => {
    expect(shrinkRefusal({ ...base, next: 4 })).toBe(
      'articles: expected at most 50% fewer published entries than the last build (publish.maxShrink) but received 4 instead of 10 (60% fewer); nothing was published; if this is intended, run again with --allow-shrink',
    );
    expect(shrinkRefusal({ ...base, next: 8, maxShrink: 0.1 })).toMatch(
      /at most 10% fewer .* 8 instead of 10 \(20% fewer\)/,
    );
  });

  it('refuses an empty articles folder when something was published', () => {
    expect(shrinkRefusal({ ...base, articleFiles: 0, next: 0 })).toMatch(
      /^articles: expected articles but the folder holds none \(an unmounted share looks like this\), while the last build published 10 entries/,
    );
  });

  it('never refuses with --allow-shrink, maxShrink 1, or nothing published before', () => {
    expect(shrinkRefusal({ ...base, articleFiles: 0, next: 0, allowShrink: true })).toBeUndefined();
    expect(shrinkRefusal({ ...base, next: 0, maxShrink: 1 })).toBeUndefined();
    expect(shrinkRefusal({ ...base, articleFiles: 0, next: 0, previous: undefined })).toBeUndefined();
    expect(shrinkRefusal({ ...base, articleFiles: 0, next: 0, previous: 0 })).toBeUndefined();
  });
});
