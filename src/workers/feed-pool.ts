import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { startPool } from './start-pool.js';
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
 *
 * One FeedSerializer serves a whole publish: its threads, once started, also take the
 * smaller second step (section, tag and corrections feeds, written after the main feeds),
 * which would otherwise run on the main thread while the threads sit finished. A build that
 * knows early that it will serialize many feeds (a first build of a large archive) starts the
 * threads with `start()`, so that their start-up (about 0.1 s, loading the serializers)
 * overlaps its own work on the entries instead of delaying the first feed.
 */

/** Entries across the feeds to write from which threads pay for themselves. */
export const PARALLEL_FROM_ENTRIES = 2_000;

type FeedPool = Piscina<SerializeJob, HashedBytes | null>;

export class FeedSerializer {
  private pool: Promise<FeedPool> | undefined;

  constructor(private readonly threads = availableParallelism()) {}

  /** Starts the threads now, if there is more than one core; `close` stops them. */
  start(): void {
    if (this.threads <= 1 || this.pool) return;
    this.pool = startPool<SerializeJob, HashedBytes | null>('feed-worker', this.threads);
    // A failure to start is the first serialization's error (it awaits the same promise), not an unhandled one.
    this.pool.catch(() => undefined);
  }

  /** Each output with its content, in the order given. */
  async *inOrder(outputs: readonly FeedOutput[]): AsyncGenerator<[FeedOutput, string | HashedBytes]> {
    const entries = outputs.reduce((sum, output) => sum + (output.job?.document.entries.length ?? 0), 0);
    if (this.threads > 1 && entries >= PARALLEL_FROM_ENTRIES) this.start();
    if (!this.pool) {
      for (const output of outputs) yield [output, output.content];
      return;
    }
    const pool = await this.pool;
    // A few feeds ahead of the one being written: every thread busy, memory bounded.
    const ahead = this.threads * 2;
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
    for (const output of outputs) {
      while (next < outputs.length && pending.length < ahead) pending.push(start(outputs[next++] as FeedOutput));
      yield [output, await (pending.shift() as Promise<string | HashedBytes>)];
    }
    // A caller that stopped early leaves feeds started ahead: close() abandons them (their rejections are handled above).
  }

  /** Stops the threads; a feed still queued or being serialized is abandoned. */
  async close(): Promise<void> {
    const pool = await this.pool?.catch(() => undefined);
    this.pool = undefined;
    await pool?.destroy();
  }
}
