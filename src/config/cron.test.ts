import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron.js';

describe('cronProblem', () => {
  it.each(['*/5 * * * *', '* * * * * *', '0 0 1 jan mon', '0 0 * * 7', '1,2,3 */2 1-5/2 * mon-fri', '30 9 * * 1-5'])(
    'accepts %s',
    (expression) => {
      expect(cronProblem(expression)).toBeUndefined();
    },
  );

  it.each([
    ['*/61 * * * *', 'minute field "*/61": expected a step from 1 to 59 but received 61'],
    ['*/0 * * * *', 'minute field "*/0": expected a step from 1 to 59 but received 0'],
    ['0 24 * * *', 'hour field "24": expected a value from 0 to 23 but received "24"'],
    ['0 0 32 * *', 'day-of-month field "32": expected a value from 1 to 31 but received "32"'],
    ['0 0 * 13 *', 'month field "13": expected a value from 1 to 12 or a name (jan–dec) but received "13"'],
    ['0 0 * * 8', 'day-of-week field "8": expected a value from 0 to 7 or a name (sun–sat) but received "8"'],
    ['5-1 * * * *', 'minute field "5-1": expected a range from low to high but received "5-1"'],
    ['60 * * * * *', 'second field "60": expected a value from 0 to 59 but received "60"'],
    [
      'every minute',
      'expected a cron expression (5 fields, or 6 with seconds first) but received "every minute" (2 fields)',
    ],
    ['1/2/3 * * * *', 'minute field "1/2/3": expected *, a value, a range or a step but received "1/2/3"'],
  ])('refuses %s', (expression, message) => {
    expect(cronProblem(expression)).toBe(message);
  });
});
