/**
 * The largest of many numbers without spreading them into a call's arguments: an engine
 * gives a call a bounded number of arguments (about 125,000 in V8 before "Maximum call
 * stack size exceeded"), and feed windows, archives and correction lists have no such bound.
 * Pure.
 */
export function latest(values: Iterable<number>, whenEmpty: number): number {
  let best = -Infinity;
  for (const value of values) if (value > best) best = value;
  return best === -Infinity ? whenEmpty : best;
}

/** Append every item of `items` to `target` one by one (never `push(...items)`: same bound). */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
