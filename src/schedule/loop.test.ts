import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { checkSchedule } from './loop.js';

describe('checkSchedule', () => {
  it.each([
    ['*/5 * * * *', 'UTC'],
    ['* * * * * *', 'UTC'],
    ['0 30 6 * * 1-5', 'Europe/Berlin'],
    ['15 4 * * *', 'Asia/Kolkata'],
  ])('accepts %s in %s', (cron, timezone) => {
    expect(() => checkSchedule(cron, timezone)).not.toThrow();
  });

  it.each([
    [
      'every minute',
      'UTC',
      'schedule.cron: expected a cron expression (5 fields, or 6 with seconds first) but received "every minute"',
    ],
    ['* * * *', 'UTC', 'but received "* * * *": expected 5 or 6 fields but got 4'],
    ['61 * * * * *', 'UTC', 'but received "61 * * * * *": 61 is a invalid expression for second'],
    [
      '*/5 * * * *',
      'Mars/Olympus',
      'schedule.timezone: expected an IANA time zone such as "Europe/Berlin" but received "Mars/Olympus"',
    ],
  ])('refuses %s in %s as a config error', (cron, timezone, message) => {
    let error: unknown;
    try {
      checkSchedule(cron, timezone);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(message);
  });
});
