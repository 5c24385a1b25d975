import { describe, expect, it, vi } from 'vitest';
import { ChangeLog } from './change-log.js';

describe('ChangeLog', () => {
  it('shows the first change of a burst, then one line counting the rest once it is quiet', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const shown: [string, number][] = [];
      const log = new ChangeLog(
        1000,
        () => now,
        (file, more) => shown.push([file, more]),
      );
      log.changed('a.md');
      for (let i = 0; i < 500; i++) {
        now += 1;
        log.changed(`loop/${i}.md`);
      }
      expect(shown).toEqual([['a.md', 0]]);
      now += 1000;
      vi.advanceTimersByTime(1000);
      expect(shown).toEqual([
        ['a.md', 0],
        ['loop/499.md', 499],
      ]);
      now += 5000;
      log.changed('b.md');
      expect(shown.at(-1)).toEqual(['b.md', 0]);
      log.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
