import vm from 'node:vm';

/**
 * Runs a synchronous function with a wall-clock limit (a hostile body must not
 * hang the build). Markdown and HTML parsers have inputs that make them slow: marked 18
 * takes minutes over one long paragraph of `_a_a_a…` (its emphasis matching is quadratic)
 * and overflows the stack on thousands of nested `>`. No size limit catches those without
 * refusing honest ten-megabyte bodies, so the work runs under node:vm's `timeout`: V8 stops
 * the running JavaScript when the time is up, whatever realm its functions come from, and
 * the caller gets a result instead of a hung or crashed build.
 */

/**
 * The time a body of `bytes` may take to render (render/body.ts): five seconds, and five
 * more per MB. Here, with no parser behind it, because the main thread times each article
 * of a worker thread's batch against it (workers/pool.ts).
 */
export function renderBudgetForBytes(bytes: number): number {
  return 5_000 + 5_000 * (bytes / (1024 * 1024));
}

export type Limited<T> = { ok: true; value: T } | { ok: false; reason: 'time' | 'depth'; ms: number };

// One context and one compiled script for every call: a new context costs milliseconds,
// which at newsroom scale would cost more than the rendering it guards.
const context = vm.createContext({ box: undefined });
const script = new vm.Script('box.value = box.work(); box = undefined;');

/**
 * `limitMs` of Infinity means the caller bounds the time itself (a worker thread the pool
 * terminates at its deadline, workers/pool.ts): the work then runs directly, and only the
 * stack depth is still caught.
 */
export function runWithin<T>(work: () => T, limitMs: number): Limited<T> {
  const box: { work: () => T; value?: T } = { work };
  try {
    if (limitMs === Infinity) box.value = work();
    else {
      context.box = box;
      script.runInContext(context, { timeout: Math.max(1, Math.round(limitMs)), breakOnSigint: false });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return { ok: false, reason: 'time', ms: limitMs };
    if (error instanceof RangeError && /call stack/i.test(error.message))
      return { ok: false, reason: 'depth', ms: limitMs };
    throw error;
  }
  return { ok: true, value: box.value as T };
}
