import { describe, expect, it } from 'vitest';
import { mapLimit } from './pool.js';

describe('mapLimit', () => {
  it('never has more than `limit` calls in flight and keeps the input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await mapLimit(items, 3, async (item) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
      inFlight -= 1;
      return item * 2;
    });
    expect(peak).toBe(3);
    expect(results).toEqual(items.map((i) => i * 2));
  });

  it('handles no items and a limit above the item count', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    expect(await mapLimit([1, 2], 10, async (x) => x + 1)).toEqual([2, 3]);
  });

  it('rejects when a call rejects, starts no further item, and only once the calls in flight have settled', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapLimit([1, 2, 3, 4, 5, 6], 2, async (x) => {
      started.push(x);
      await new Promise((resolve) => setTimeout(resolve, x === 2 ? 1 : 20));
      settled.push(x);
      if (x === 2) throw new Error('boom');
      return x;
    });
    await expect(run).rejects.toThrow('boom');
    // Item 1 was still running when item 2 failed: the map waited for it.
    expect(settled).toEqual([2, 1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual([1, 2]);
  });
});
