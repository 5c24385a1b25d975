import { describe, expect, it } from 'vitest';
import { dispositionOf, liveTombstones } from '../entries/entries.js';
import { retention } from '../images/plan.js';
import { nextRenditionRemoval, nextTimedChange } from './timed-changes.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-10T00:00:00Z');

describe('nextTimedChange', () => {
  it('is the earliest future embargo, expiry or tombstone departure', () => {
    const next = nextTimedChange({
      now: NOW,
      articles: [
        { embargo: NOW + 5 * DAY },
        { expires: NOW + 3 * DAY },
        { embargo: NOW - DAY, expires: NOW - DAY },
        {},
      ],
      tombstones: [{ when: NOW - 29 * DAY }],
      tombstoneDays: 30,
    });
    // The tombstone leaves one day and one millisecond from now.
    expect(next).toBe(NOW + DAY + 1);
  });

  it('is undefined when nothing is pending: past instants and expired tombstones only', () => {
    expect(
      nextTimedChange({
        now: NOW,
        articles: [{ embargo: NOW }, { expires: NOW - 1 }],
        tombstones: [{ when: NOW - 31 * DAY }],
        tombstoneDays: 30,
      }),
    ).toBeUndefined();
  });

  it('agrees with the rules it mirrors: just before the instant nothing has flipped, at it something has', () => {
    const embargoed = { status: 'published' as const, embargo: NOW + 7 * DAY, expires: undefined };
    const expiring = { status: 'published' as const, embargo: undefined, expires: NOW + 2 * DAY };
    const tombstone = { id: 'x', when: NOW - 10 * DAY, sourcePath: 'x.md' };
    const inputs = { now: NOW, articles: [embargoed, expiring], tombstones: [tombstone], tombstoneDays: 11 };
    const next = nextTimedChange(inputs) as number;
    expect(next).toBe(NOW + DAY + 1);
    const state = (t: number) => [
      dispositionOf(embargoed, t).kind,
      dispositionOf(expiring, t).kind,
      liveTombstones([tombstone], t, 11).length,
    ];
    expect(state(next - 1)).toEqual(state(NOW));
    expect(state(next)).not.toEqual(state(NOW));
  });
});

describe('nextRenditionRemoval', () => {
  it('is the first instant the image stage removes an unreferenced rendition', () => {
    const since = NOW - 2 * DAY;
    const removal = nextRenditionRemoval([since, NOW - DAY], 7, NOW) as number;
    expect(removal).toBe(since + 7 * DAY + 1);
    expect(retention(false, since, removal - 1, 7).keep).toBe(true);
    expect(retention(false, since, removal, 7).keep).toBe(false);
  });

  it('is undefined without unreferenced renditions', () => {
    expect(nextRenditionRemoval([], 7, NOW)).toBeUndefined();
  });
});
