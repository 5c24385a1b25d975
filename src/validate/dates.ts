/**
 * Front-matter dates are kept as strings by the YAML reader and parsed here, so that a
 * bare date and an explicit offset are never lost (SPEC §1: a bare date means 00:00 UTC).
 */

// Years of more than four digits are matched so that they get a precise message below.
const DATE_TIME =
  /^(\d{4,})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?[ \t]*(Z|z|UTC|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Every format writes four-digit years (RFC 3339, RFC 822), and Universal Feed Parser, like
 * Python's datetime, knows no year 0000.
 */
const YEAR_RANGE = 'expected a date in the years 0001 to 9999 (UTC), as every feed format writes four-digit years';
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

export type ParsedDate = { ok: true; ms: number } | { ok: false; reason: string };

export const DATE_EXPECTATION =
  'an ISO 8601 date-time with offset (e.g. 2018-06-12T09:30:00+08:00) or a bare date (2018-06-12)';

/** What other platforms' dates may look like (read in the site's time zone when they carry no offset). */
export const ZONED_DATE_EXPECTATION =
  'a date such as 2014-03-12, 2014-03-12 10:00:00, 2014-03-12 10:00:00 -0500 or 2014-03-12T10:00:00+01:00';

/**
 * Parse an ISO 8601 date or date-time. A date-time needs an offset; a bare date is 00:00 UTC.
 * With `timeZone` (an IANA name: the site's, for the front matter of other platforms), a
 * time without an offset and a bare date are read as wall-clock time there, the rule
 * Jekyll and Hugo apply; `2014-03-12 10:00:00 -0500` (Jekyll's own form) is read too.
 */
export function parseInstant(text: string, timeZone?: string): ParsedDate {
  const match = DATE_TIME.exec(text.trim());
  if (!match) {
    return { ok: false, reason: `expected ${timeZone === undefined ? DATE_EXPECTATION : ZONED_DATE_EXPECTATION}` };
  }
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (year < 1 || year > 9999) {
    return { ok: false, reason: YEAR_RANGE };
  }
  if (h !== undefined && offset === undefined && timeZone === undefined) {
    return { ok: false, reason: `expected ${DATE_EXPECTATION}; a time needs an offset such as Z or +02:00` };
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      reason: `expected a real calendar date (${y}-${mo} has ${month >= 1 && month <= 12 ? daysInMonth(year, month) : 'no'} days)`,
    };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'expected a time between 00:00:00 and 23:59:59' };
  }
  let offsetMinutes = 0;
  if (offset && offset !== 'Z' && offset !== 'z' && offset !== 'UTC') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59)
      return { ok: false, reason: `expected an offset between -23:59 and +23:59 but received ${offset}` };
    offsetMinutes = sign * (oh * 60 + om);
  }
  // Millisecond precision is what every feed format carries; finer digits are truncated.
  const millis = frac === undefined ? 0 : Math.floor(Number(`0${frac}`) * 1000);
  // setUTCFullYear takes the year as written (Date.UTC would map 0–99 to 1900–1999), and
  // the offset is applied last, so it may carry the instant across a year boundary.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  const utc =
    offset === undefined && timeZone !== undefined && timeZone !== 'UTC'
      ? wallClockToUtc(local.getTime(), timeZone)
      : local.getTime() - offsetMinutes * 60_000;
  // An offset can carry 9999-12-31T23:00-05:00 into year 10000 UTC, which no format can write.
  if (utc < EARLIEST || utc > LATEST) return { ok: false, reason: YEAR_RANGE };
  return { ok: true, ms: utc };
}

/**
 * The instant at which the clocks of `timeZone` show `wallClock` (its fields read as UTC).
 * Two passes: the offset at a first guess, then the offset at the instant that gives.
 */
export function wallClockToUtc(wallClock: number, timeZone: string): number {
  const guess = wallClock - zoneOffsetMs(wallClock, timeZone);
  return wallClock - zoneOffsetMs(guess, timeZone);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s clocks are ahead of UTC at the instant `utc`, in ms (Intl, no time zone library). */
export function zoneOffsetMs(utc: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    zoneFormats.set(timeZone, format);
  }
  const fields = shownFields(format, utc);
  const year = fields.era === 'BC' || fields.era === 'B' ? 1 - fields.year : fields.year;
  const shown = new Date(0);
  shown.setUTCFullYear(year, fields.month - 1, fields.day);
  shown.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return shown.getTime() - (utc - (((utc % 1000) + 1000) % 1000));
}

/** en-US with those options: "8/17/2010 AD, 23:04:09". */
const EN_US_SHOWN = /^(\d+)\/(\d+)\/(\d+) ([A-Z]+), (\d+):(\d+):(\d+)$/;

/**
 * The fields the clocks show at `utc`. Read from the formatted string, which costs a quarter
 * of `formatToParts` (an adopted archive in a site time zone takes several per article);
 * `formatToParts` answers whenever the string is not in the shape expected (another ICU).
 */
function shownFields(
  format: Intl.DateTimeFormat,
  utc: number,
): { era: string; year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const match = EN_US_SHOWN.exec(format.format(utc));
  if (match) {
    const [, month, day, year, era, hour, minute, second] = match;
    return {
      era: era ?? '',
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
    };
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(utc)) parts[part.type] = part.value;
  return {
    era: parts['era'] ?? '',
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** Whether `name` is an IANA time zone this Node knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The calendar fields of `utc` on the clocks of `timeZone` (UTC when absent). */
export function zonedParts(utc: number, timeZone = 'UTC'): { year: number; month: number; day: number } {
  const shifted = new Date(timeZone === 'UTC' ? utc : utc + zoneOffsetMs(utc, timeZone));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** RFC 3339 / ISO 8601 UTC form used by Atom and JSON Feed: 2018-06-12T01:30:00Z. */
export function formatIso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** RFC 822 form used by RSS 2.0: Tue, 12 Jun 2018 01:30:00 GMT. */
export function formatRfc822(ms: number): string {
  return new Date(ms).toUTCString();
}
