import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics.js';
import { adoptionLines, commonCauses } from './causes.js';

const error = (file: string, key: string, message: string): Diagnostic => ({ severity: 'error', file, key, message });

describe('commonCauses', () => {
  it('counts posts per cause (not lines), without the value each post held, most first, at most five', () => {
    const diagnostics: Diagnostic[] = [
      error('a.md', 'date', 'expected an ISO 8601 date but received "yesterday"'),
      error('b.md', 'date', 'expected an ISO 8601 date but received "soon"'),
      error('b.md', 'date', 'expected an ISO 8601 date but received "soon"'),
      error('c.md', 'title', 'expected a non-empty string but received nothing'),
      error('j.md', 'lastmod', 'expected a time at or after published (2001-08-12T19:15:00) but received "x"'),
      error('k.md', 'lastmod', 'expected a time at or after published (2003-12-12 23:15:00 +0200) but received "y"'),
      { severity: 'warning', file: 'd.md', key: 'mood', message: 'unknown key, ignored' },
      ...['e', 'f', 'g', 'h', 'i'].map((name) => error(`${name}.md`, `k${name}`, 'expected x')),
    ];
    expect(commonCauses(diagnostics)).toEqual([
      { cause: 'date: expected an ISO 8601 date', posts: 2 },
      { cause: 'lastmod: expected a time at or after published (…)', posts: 2 },
      { cause: 'ke: expected x', posts: 1 },
      { cause: 'kf: expected x', posts: 1 },
      { cause: 'kg: expected x', posts: 1 },
    ]);
  });

  it('says what was read as which platform, and with failures how many posts were read', () => {
    expect(
      adoptionLines({
        dialects: { jekyll: 3, presswire: 1 },
        articles: 4,
        failed: 1,
        diagnostics: [error('a.md', 'date', 'expected a date but received "x"')],
      }),
    ).toEqual([
      'front matter read as: 3 jekyll, 1 presswire',
      '3 of 4 posts read, 1 failed; most common causes:',
      '      1 × date: expected a date',
    ]);
    expect(adoptionLines({ dialects: { presswire: 4 }, articles: 4, failed: 0, diagnostics: [] })).toEqual([]);
  });
});
