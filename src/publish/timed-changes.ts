/**
 * When a build's output would change with no edit at all, only because time passed (pure).
 * A rebuild answered from the no-op index (publish/noop-index.ts) is valid only before this
 * instant. The rules it mirrors, each an instant at which a build's result flips:
 *   - an embargo (Hugo's future `publishDate`) lifts: entries/entries.ts dispositionOf, `now >= embargo`;
 *   - an article expires (Hugo's `expiryDate`): dispositionOf, `now >= expires`;
 *   - a tombstone leaves the feeds: entries/entries.ts liveTombstones, `when < now - tombstoneDays`;
 *   - an unreferenced rendition is removed: images/plan.ts retention, `now - since > graceDays`.
 * Earlier is always safe: it only means one more full build.
 */

const DAY_MS = 86_400_000;

export interface TimedInputs {
  now: number;
  /** Every valid article's embargo and expiry (drafts too: earlier is safe). */
  articles: Iterable<{ embargo?: number | undefined; expires?: number | undefined }>;
  /** Every tombstone the feeds were planned with, live or not. */
  tombstones: Iterable<{ when: number }>;
  tombstoneDays: number;
}

/** The earliest instant after `now` at which an embargo lifts, an article expires or a tombstone leaves the feeds; undefined when none will. */
export function nextTimedChange(input: TimedInputs): number | undefined {
  const { now } = input;
  let next = Infinity;
  const consider = (instant: number) => {
    if (instant > now && instant < next) next = instant;
  };
  for (const article of input.articles) {
    if (article.embargo !== undefined) consider(article.embargo);
    if (article.expires !== undefined) consider(article.expires);
  }
  // Live while `when >= now - days`: the first instant it is not is when + days + 1 ms.
  const retention = input.tombstoneDays * DAY_MS;
  for (const tombstone of input.tombstones) consider(tombstone.when + retention + 1);
  return Number.isFinite(next) ? next : undefined;
}

/**
 * The first instant after `now` at which an unreferenced rendition's grace period ends
 * (removed once `now - since > graceDays`), or undefined.
 */
export function nextRenditionRemoval(
  unreferencedSince: Iterable<number>,
  graceDays: number,
  now: number,
): number | undefined {
  let next = Infinity;
  for (const since of unreferencedSince) {
    const removal = since + graceDays * DAY_MS + 1;
    if (removal > now && removal < next) next = removal;
  }
  return Number.isFinite(next) ? next : undefined;
}
