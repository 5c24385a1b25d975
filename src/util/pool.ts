/**
 * `items.map(fn)` with at most `limit` calls in flight, results in input order. A bounded
 * queue instead of an unbounded `Promise.all` (issue 3): memory stays proportional to
 * `limit`, not to the number of items. A rejection rejects the whole map; callers that
 * want per-item failures return them as values.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
