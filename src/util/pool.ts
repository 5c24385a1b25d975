/**
 * `items.map(fn)` with at most `limit` calls in flight, results in input order. A bounded
 * queue instead of an unbounded `Promise.all` (issue 3): memory stays proportional to
 * `limit`, not to the number of items. The first rejection rejects the whole map and no
 * further item is started (calls in flight finish on their own); callers that want
 * per-item failures return them as values.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
