import type { FeedOutput } from '../feeds/plan.js';
import type { Fingerprints } from './output-state.js';

/**
 * What a build rewrites (pure; docs/architecture.md, "How presswire decides what to rebuild"):
 * a feed whose fingerprint did not move and whose published file is intact is left alone,
 * unserialized; every other one is serialized and written (only if its bytes changed).
 */

/** The outputs whose fingerprints equal the last build's: only these need their files checked. */
export function unmovedOutputs(outputs: readonly FeedOutput[], before: Readonly<Fingerprints>): string[] {
  return outputs.filter((output) => before[output.path] === output.fingerprint).map((output) => output.path);
}

export interface RewritePlan {
  /** Outputs to serialize and write, in write order. */
  stale: FeedOutput[];
  /** Outputs left as they are. */
  unchanged: string[];
  /** Every output's fingerprint, recorded once the feeds are in place. */
  fingerprints: Fingerprints;
  /** The last build's fingerprints without those of the files about to be rewritten. */
  vouched: Fingerprints;
}

export function planRewrites(
  outputs: readonly FeedOutput[],
  before: Readonly<Fingerprints>,
  intact: ReadonlySet<string>,
): RewritePlan {
  const fingerprints: Fingerprints = {};
  const stale: FeedOutput[] = [];
  const unchanged: string[] = [];
  for (const output of outputs) {
    fingerprints[output.path] = output.fingerprint;
    if (intact.has(output.path)) unchanged.push(output.path);
    else stale.push(output);
  }
  const rewriting = new Set(stale.map((output) => output.path));
  const vouched = Object.fromEntries(Object.entries(before).filter(([name]) => !rewriting.has(name)));
  return { stale, unchanged, fingerprints, vouched };
}
