import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The check a build makes before each publishing step (docs/operations.md, "How a build stays
 * safe, and why"): every rename into out/ or the state folder and every deletion first asks
 * whether the build still holds its lock, and a build that lost it (suspended past the stale
 * time, then taken over by another build) stops before it publishes anything more.
 *
 * The check travels with the build's asynchronous context rather than through every
 * writer's parameters: the writers (renditions, feeds, state files) are many and deep, and
 * a write outside a build (a test, `check`) simply has no gate.
 */

export type PublishGate = () => Promise<void>;

const storage = new AsyncLocalStorage<PublishGate>();

/** Run `work` with `gate` checked before each of its publishing steps. */
export function withPublishGate<T>(gate: PublishGate, work: () => Promise<T>): Promise<T> {
  return storage.run(gate, work);
}

/** Throws (the gate's error) when the current build may no longer publish; resolves at once outside a build. */
export async function beforePublishing(): Promise<void> {
  const gate = storage.getStore();
  if (gate) await gate();
}
