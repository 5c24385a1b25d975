import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIso, formatRfc822, parseInstant, zoneOffsetMs } from './dates.js';

describe('parseInstant: accepted dates', () => {
  it.each([
    ['a bare date is 00:00 UTC', '2018-06-12', '2018-06-12T00:00:00Z'],
    ['Z', '2018-06-14T10:00:00Z', '2018-06-14T10:00:00Z'],
    ['lowercase z and t', '2018-06-14t10:00:00z', '2018-06-14T10:00:00Z'],
    ['a positive offset', '2018-06-12T09:30:00+08:00', '2018-06-12T01:30:00Z'],
    ['a negative offset', '2018-06-12T20:30:00-05:00', '2018-06-13T01:30:00Z'],
    ['an offset without colon', '2018-06-12T09:30:00+0800', '2018-06-12T01:30:00Z'],
    ['-00:00 (offset unknown) as UTC', '2018-06-12T09:30:00-00:00', '2018-06-12T09:30:00Z'],
    ['no seconds', '2018-06-12T09:30Z', '2018-06-12T09:30:00Z'],
    ['a space instead of T', '2018-06-12 09:30:00Z', '2018-06-12T09:30:00Z'],
    ['fractional seconds (milliseconds kept)', '2018-06-12T09:30:00.123Z', '2018-06-12T09:30:00.123Z'],
    ['fractional seconds (finer digits truncated)', '2018-06-12T09:30:00.123456789+01:00', '2018-06-12T08:30:00.123Z'],
    ['29 February in a leap year', '2024-02-29', '2024-02-29T00:00:00Z'],
    ['29 February 2000 (divisible by 400)', '2000-02-29T12:00:00Z', '2000-02-29T12:00:00Z'],
    ['surrounding white space', '  2018-06-12  ', '2018-06-12T00:00:00Z'],
    ['year 9999, last instant', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['year 0001', '0001-01-01', '0001-01-01T00:00:00Z'],
    ['a two-digit year written with four digits is not 19xx', '0099-03-01T00:00:00Z', '0099-03-01T00:00:00Z'],
    ['an offset that crosses into the previous year', '0005-01-01T00:30:00+01:00', '0004-12-31T23:30:00Z'],
  ])('%s: %s', (_name, input, iso) => {
    const result = parseInstant(input);
    expect(result).toEqual({ ok: true, ms: expect.any(Number) });
    if (result.ok) expect(formatIso(result.ms)).toBe(iso);
  });
});

describe('parseInstant: refused dates', () => {
  it.each([
    ['an impossible day', '2018-02-30', 'expected a real calendar date (2018-02 has 28 days)'],
    ['29 February in a common year', '2023-02-29', 'expected a real calendar date (2023-02 has 28 days)'],
    ['29 February 1900 (not a leap year)', '1900-02-29', 'expected a real calendar date (1900-02 has 28 days)'],
    ['31 April', '2018-04-31T10:00:00Z', 'expected a real calendar date (2018-04 has 30 days)'],
    ['month 13', '2018-13-01', 'expected a real calendar date (2018-13 has no days)'],
    ['day 0', '2018-06-00', 'expected a real calendar date'],
    ['year 10000', '10000-01-01', 'expected a date in the years 0001 to 9999 (UTC)'],
    ['year 0000', '0000-06-12', 'expected a date in the years 0001 to 9999 (UTC)'],
    [
      'an offset that carries 9999 into year 10000',
      '9999-12-31T23:30:00-01:00',
      'expected a date in the years 0001 to 9999 (UTC)',
    ],
    [
      'an offset that carries 0001 into year 0',
      '0001-01-01T00:30:00+01:00',
      'expected a date in the years 0001 to 9999 (UTC)',
    ],
    ['a time without offset', '2018-06-12T09:30:00', 'a time needs an offset such as Z or +02:00'],
    ['hour 24', '2018-06-12T24:00:00Z', 'expected a time between 00:00:00 and 23:59:59'],
    ['a leap second', '2016-12-31T23:59:60Z', 'expected a time between 00:00:00 and 23:59:59'],
    [
      'an offset of 24 hours',
      '2018-06-12T09:30:00+24:00',
      'expected an offset between -23:59 and +23:59 but received +24:00',
    ],
    ['a US-style date', '06/12/2018', 'expected an ISO 8601 date-time with offset'],
    ['words', 'yesterday', 'expected an ISO 8601 date-time with offset'],
    ['an empty string', '', 'expected an ISO 8601 date-time with offset'],
    ['a week date', '2018-W24-2', 'expected an ISO 8601 date-time with offset'],
  ])('%s: %s', (_name, input, reason) => {
    const result = parseInstant(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('formatting', () => {
  it('writes RFC 3339 for Atom/JSON Feed and RFC 822 for RSS, four-digit years both', () => {
    const result = parseInstant('0099-03-01T00:00:00Z');
    if (!result.ok) throw new Error(result.reason);
    expect(formatIso(result.ms)).toBe('0099-03-01T00:00:00Z');
    expect(formatRfc822(result.ms)).toBe('Sun, 01 Mar 0099 00:00:00 GMT');
  });
});

describe('parseInstant in a site time zone (other platforms\u2019 front matter)', () => {
  it.each([
    ['Jekyll form with a space before the offset', '2014-03-12 10:00:00 -0500', undefined, '2014-03-12T15:00:00.000Z'],
    ['offset-less, New York in summer time', '2014-07-12T10:00:00', 'America/New_York', '2014-07-12T14:00:00.000Z'],
    ['offset-less, New York in winter time', '2014-01-12 10:00', 'America/New_York', '2014-01-12T15:00:00.000Z'],
    ['a bare date is midnight there', '2014-03-12', 'Europe/Berlin', '2014-03-11T23:00:00.000Z'],
    ['an explicit offset wins over the zone', '2014-03-12T10:00:00Z', 'Asia/Tokyo', '2014-03-12T10:00:00.000Z'],
  ])('%s', (_name, text, zone, expected) => {
    const result = parseInstant(text, zone);
    expect(result.ok && new Date(result.ms).toISOString()).toBe(expected);
  });

  it('still refuses an offset-less time without a zone (presswire\u2019s own dialect)', () => {
    expect(parseInstant('2014-03-12T10:00:00').ok).toBe(false);
  });
});

describe('zoneOffsetMs', () => {
  it.each([
    ['New York, summer time', Date.UTC(2014, 6, 12, 14), 'America/New_York', -4 * 3_600_000],
    ['New York, winter time', Date.UTC(2014, 0, 12, 15), 'America/New_York', -5 * 3_600_000],
    [
      'New York, the last second before summer time',
      Date.UTC(2014, 2, 9, 6, 59, 59),
      'America/New_York',
      -5 * 3_600_000,
    ],
    ['New York, the first instant of summer time', Date.UTC(2014, 2, 9, 7), 'America/New_York', -4 * 3_600_000],
    [
      'New York before standard time: local mean time, to the second',
      Date.UTC(1850, 0, 1),
      'America/New_York',
      -17_762_000,
    ],
    ['Kolkata, half an hour', Date.UTC(2020, 0, 1), 'Asia/Kolkata', 5.5 * 3_600_000],
    ['Kathmandu, three quarters', Date.UTC(2020, 0, 1), 'Asia/Kathmandu', 5.75 * 3_600_000],
    ['Tokyo, before the common era', Date.UTC(-100, 0, 1), 'Asia/Tokyo', 33_539_000],
  ])('%s', (_name, utc, zone, expected) => {
    expect(zoneOffsetMs(utc, zone)).toBe(expected);
  });

  it('agrees with the offset Intl names, to the second, at any instant in any zone', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'];
    // "GMT-04:56:02", "GMT+05:45", "GMT+00:00" or "GMT": another way into ICU than the one under test.
    const named = (utc: number, zone: string): number => {
      const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(utc)
        .find((part) => part.type === 'timeZoneName')?.value;
      const [, sign, hours, minutes, seconds] = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(name ?? '') ?? [];
      const size = (Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000;
      return sign === '-' ? -size : size;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(-2000, 0, 1), max: Date.UTC(9999, 11, 31) }),
        fc.constantFrom(...zones),
        (utc, zone) => {
          expect(zoneOffsetMs(utc, zone)).toBe(named(utc, zone));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
