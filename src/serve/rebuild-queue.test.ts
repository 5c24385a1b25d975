import { describe, expect, it } from 'vitest';
import { RebuildQueue } from './rebuild-queue.js';

const fail = (error: unknown) => {
  throw error;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(2);
}

/** A rebuild that takes `ms` and records when it ran and whether two ever overlapped. */
function recorder(ms: number) {
  const log = { runs: 0, active: 0, maxActive: 0 };
  const rebuild = async () => {
    log.runs += 1;
    log.active += 1;
    log.maxActive = Math.max(log.maxActive, log.active);
    await sleep(ms);
    log.active -= 1;
  };
  return { log, rebuild };
}

describe('RebuildQueue', () => {
  it('turns a burst of changes into one rebuild after the quiet period', async () => {
    const { log, rebuild } = recorder(5);
    // A quiet period far longer than the gaps, so a loaded machine's late timers cannot split the burst.
    const queue = new RebuildQueue(rebuild, 300, fail);
    for (let i = 0; i < 5; i++) {
      queue.trigger();
      await sleep(5);
    }
    expect(log.runs).toBe(0);
    await queue.settled();
    expect(log.runs).toBe(1);
  });

  it('never overlaps rebuilds and runs one more for changes made during a rebuild', async () => {
    // Each rebuild runs until the test releases it, so a loaded machine cannot end one early.
    const log = { runs: 0, active: 0, maxActive: 0 };
    let release: () => void = () => {};
    const rebuild = async () => {
      log.runs += 1;
      log.active += 1;
      log.maxActive = Math.max(log.maxActive, log.active);
      await new Promise<void>((resolve) => (release = resolve));
      log.active -= 1;
    };
    const queue = new RebuildQueue(rebuild, 5, fail);
    queue.trigger();
    await until(() => log.runs === 1); // the first rebuild is running
    queue.trigger();
    await sleep(20); // its quiet period passes while the first rebuild runs
    queue.trigger();
    await sleep(20);
    expect(log.runs).toBe(1);
    release();
    await until(() => log.runs === 2); // one more, for both changes
    release();
    await queue.settled();
    expect(log.runs).toBe(2);
    expect(log.maxActive).toBe(1);
  });

  it('runNow rebuilds at once and waits for it', async () => {
    const { log, rebuild } = recorder(10);
    const queue = new RebuildQueue(rebuild, 10_000, fail);
    await queue.runNow();
    expect(log.runs).toBe(1);
  });

  it('after close, waits for the running rebuild and starts no other', async () => {
    const { log, rebuild } = recorder(50);
    const queue = new RebuildQueue(rebuild, 5, fail);
    queue.trigger();
    await sleep(20);
    queue.trigger(); // would start a second rebuild
    await queue.close();
    expect(log.active).toBe(0);
    queue.trigger();
    await sleep(30);
    expect(log.runs).toBe(1);
  });

  it('hands a rebuild that throws to onError and keeps going', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const queue = new RebuildQueue(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
      },
      5,
      (error) => errors.push(error),
    );
    queue.trigger();
    await queue.settled();
    expect(errors).toEqual([new Error('boom')]);
    queue.trigger();
    await queue.settled();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
