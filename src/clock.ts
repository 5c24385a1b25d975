/**
 * The only place presswire asks the system for the time; everything else receives `now`
 * as a value (STYLE: a pure core). PRESSWIRE_NOW (ISO 8601) pins it, for reproducible
 * rebuilds and for tests of time-dependent behaviour such as embargoes.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): number {
  const pinned = env.PRESSWIRE_NOW;
  if (pinned) {
    const ms = Date.parse(pinned);
    if (Number.isNaN(ms)) throw new Error(`PRESSWIRE_NOW: expected an ISO 8601 date-time but received ${JSON.stringify(pinned)}`);
    return ms;
  }
  return Date.now();
}
