import vm from 'node:vm';

/**
 * Runs a synchronous function with a wall-clock limit (issue 5: a hostile body must not
 * hang the build). Markdown and HTML parsers have inputs that make them slow: marked 18
 * takes minutes over one long paragraph of `_a_a_a…` (its emphasis matching is quadratic)
 * and overflows the stack on thousands of nested `>`. No size limit catches those without
 * refusing honest ten-megabyte bodies, so the work runs under node:vm's `timeout`: V8 stops
 * the running JavaScript when the time is up, whatever realm its functions come from, and
 * the caller gets a result instead of a hung or crashed build.
 */

export type Limited<T> = { ok: true; value: T } | { ok: false; reason: 'time' | 'depth'; ms: number };

export function runWithin<T>(work: () => T, limitMs: number): Limited<T> {
  const box: { work: () => T; value?: T } = { work };
  try {
    vm.runInNewContext('box.value = box.work()', { box }, { timeout: Math.max(1, Math.round(limitMs)), breakOnSigint: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false, reason: 'time', ms: limitMs };
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { ok: false, reason: 'depth', ms: limitMs };
    throw error;
  }
  return { ok: true, value: box.value as T };
}
