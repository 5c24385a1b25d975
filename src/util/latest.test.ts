import { describe, expect, it } from 'vitest';
import { appendAll, latest } from './latest.js';

describe('latest', () => {
  it('finds the largest of 500,000 values (spread into Math.max this overflows the stack)', () => {
    const values = Array.from({ length: 500_000 }, (_, i) => i - 250_000);
    expect(latest(values, 0)).toBe(249_999);
  });

  it('keeps a time before 1970 rather than falling back to the epoch', () => {
    expect(latest([Date.UTC(1912, 3, 15), Date.UTC(1931, 0, 1)], 0)).toBe(Date.UTC(1931, 0, 1));
  });

  it('gives the fallback for no values', () => {
    expect(latest([], 42)).toBe(42);
  });
});

describe('appendAll', () => {
  it('appends 500,000 items in order', () => {
    const target = [1];
    appendAll(
      target,
      Array.from({ length: 500_000 }, (_, i) => i + 2),
    );
    expect(target).toHaveLength(500_001);
    expect(target.at(-1)).toBe(500_001);
  });
});
