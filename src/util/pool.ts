/**
 * `items.map(fn)` with at most `limit` calls in flight, results in input order. A bounded
 * queue instead of an unbounded `Promise.all`: memory stays proportional to
 * `limit`, not to the number of items. After the first rejection no further item is started,
 * and the whole map rejects with it once the calls already in flight have settled: nothing
 * it started is still running when it returns, so that a caller can close what those calls
 * use (the images stage its threads: a call left running would start a new one).
 * Callers that want per-item failures return them as values.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
