import { availableParallelism } from 'node:os';
import { detached } from '../feeds/serialize.js';
import type { FeedOutput } from '../feeds/plan.js';
import type { SerializeJob } from '../feeds/serialize.js';
import type { HashedBytes } from '../publish/digest.js';

/**
 * Feed files serialized on every core, yielded with their output in the order given, so that the
 * caller writes them in its publishing order (archive pages before the subscription
 * document that links to them). A cold build at 10,000 articles writes about 90 MB of
 * feeds; serialized on the main thread alone that was a third of the build, with the other
 * core idle. Small rewrites (a rebuild after one correction) stay on the main thread:
 * starting threads would cost more. The serializers are the same pure functions either
 * way, so the bytes match.
 */

/** Entries across the feeds to write from which threads pay for themselves. */
const PARALLEL_FROM_ENTRIES = 2_000;

export async function* serializeInOrder(
  outputs: readonly FeedOutput[],
  threads = availableParallelism(),
): AsyncGenerator<[FeedOutput, string | HashedBytes]> {
  const entries = outputs.reduce((sum, output) => sum + (output.job?.document.entries.length ?? 0), 0);
  if (threads <= 1 || entries < PARALLEL_FROM_ENTRIES) {
    for (const output of outputs) yield [output, output.content];
    return;
  }
  // Under tsx (tests, development) the sources are .ts; from dist/ they are .js. This module
  // may be bundled into dist/chunks/ (scripts/build-dist.mjs): hence ../workers/.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const { Piscina } = await import('piscina');
  const pool = new Piscina<SerializeJob, HashedBytes | null>({
    filename: new URL(`../workers/feed-worker${extension}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  // A few feeds ahead of the one being written: every thread busy, memory bounded.
  const ahead = threads * 2;
  const pending: Promise<string | HashedBytes>[] = [];
  let next = 0;
  const start = (output: FeedOutput): Promise<string | HashedBytes> => {
    const job = output.job;
    // null: a body the thread was to read from the store is missing or damaged; serialized
    // here instead, where that body is rendered again (workers/feed-worker.ts).
    const result = job
      ? pool.run({ format: job.format, document: detached(job.document) }).then((feed) => feed ?? output.content)
      : Promise.resolve(output.content);
    // Handled here too: a feed started ahead whose turn never comes (the caller stopped on
    // an error) must not become an unhandled rejection.
    result.catch(() => undefined);
    return result;
  };
  try {
    for (const output of outputs) {
      while (next < outputs.length && pending.length < ahead) pending.push(start(outputs[next++] as FeedOutput));
      yield [output, await (pending.shift() as Promise<string | HashedBytes>)];
    }
  } finally {
    await pool.destroy();
  }
}
