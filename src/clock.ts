import { ConfigError } from './errors.js';

/**
 * The only place presswire asks the system for the time; everything else receives `now`
 * as a value (STYLE: a pure core). PRESSWIRE_NOW (ISO 8601) pins it, for reproducible
 * rebuilds and for tests of time-dependent behaviour such as embargoes.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): number {
  const pinned = env.PRESSWIRE_NOW;
  if (pinned) {
    const ms = Date.parse(pinned);
    if (Number.isNaN(ms))
      throw new ConfigError(`PRESSWIRE_NOW: expected an ISO 8601 date-time but received ${JSON.stringify(pinned)}`);
    return ms;
  }
  return Date.now();
}

/**
 * Wall-clock time for operational records only (the lock's holder, the status file, log
 * durations), never for anything that reaches the feeds: those must stay reproducible
 * under PRESSWIRE_NOW, while a monitor reading the status file needs the real time.
 */
export function wallTime(): number {
  return Date.now();
}

/** A monotonic reading in milliseconds, for measuring how long a run took. */
export function monotonicMs(): number {
  return performance.now();
}
