import path from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import type { DeletedRecord } from '../entries/deleted.js';
import type { FeedOutput, FeedPlan } from '../feeds/plan.js';
import { FeedSerializer } from '../workers/feed-pool.js';
import { confineOutputs } from './foreign.js';
import { writeDeleted } from './deleted-state.js';
import { writeFeedState } from './feed-state.js';
import { outputExists, readOutputState, writeOutputState } from './output-state.js';
import type { GenerationMemory } from './generations.js';
import { PublishedFiles, type Drift, type PublishedContent } from './published-files.js';
import { planRewrites, unmovedOutputs } from './rewrite-plan.js';
import { writePublishedCount } from './shrink-guard.js';
import type { History } from './state-recovery.js';
import { lastGoodFile, sameEntries, stateFile, writeLastGood, writeState, type BuildState } from './state.js';

/**
 * The publish stage: the feeds, the pages and then the state, each file written atomically
 * and only if its bytes changed (SPEC §5). A published file that is no longer what this
 * presswire wrote (drift, docs/operations.md "How a build stays safe, and why") is written
 * again, found by a stat per file (publish/published-files.ts).
 */

export interface PublishInput {
  config: Pick<ResolvedConfig, 'outDir' | 'stateDir' | 'feeds'>;
  /** The lead (archive pages and main feeds) is written before the rest is planned (feeds/plan.ts, StagedFeedPlan). */
  feeds: {
    lead: Pick<FeedPlan, 'outputs'>;
    complete(): Pick<FeedPlan, 'outputs' | 'state' | 'window' | 'listings'>;
  };
  /** Written before the feeds (the browser view's stylesheets). */
  pages: [name: string, content: string][];
  /** Written last, after the feeds it lists (index.html). */
  indexPage: (listings: FeedPlan['listings']) => [name: string, content: string];
  history: History;
  /** The state to keep (computed when called: after the feeds are written). */
  nextState: () => BuildState;
  /** Saves the article cache for the next build (load/article-cache.ts). */
  saveArticleCache: () => Promise<void>;
  deletions: Record<string, DeletedRecord>;
  /** Entries published, for the shrink guard of the next build. */
  publishedCount: number;
  /** Loads the entry content renderer (render/entry-content.ts) before the first entry's content is read. */
  loadContent: () => Promise<void>;
  /** What a long-running job remembers of the history files: the ones written here are remembered as written. */
  memory?: GenerationMemory | undefined;
  /** Serializes the feeds; the caller's (which may have started its threads early) is closed by the caller, one made here by this stage. */
  serializer?: FeedSerializer;
}

export interface Published {
  written: string[];
  unchanged: string[];
  repaired: { file: string; drift: Drift }[];
}

export async function publishBuild(input: PublishInput): Promise<Published> {
  if (input.serializer) return publishWith(input, input.serializer);
  const serializer = new FeedSerializer();
  try {
    return await publishWith(input, serializer);
  } finally {
    await serializer.close();
  }
}

async function publishWith(input: PublishInput, serializer: FeedSerializer): Promise<Published> {
  const { outDir, stateDir } = input.config;
  const files = await PublishedFiles.open(outDir, stateDir);
  const result: Published = { written: [], unchanged: [], repaired: [] };
  const publish = async (name: string, content: PublishedContent, after?: Promise<unknown>) => {
    const outcome = await files.publish(name, content, after);
    (outcome === 'written' ? result.written : result.unchanged).push(name);
  };
  const before = await readOutputState(stateDir);
  const step = async (outputs: readonly FeedOutput[], names: string[], rewritten: readonly FeedOutput[] = []) => {
    const plan = planRewrites(outputs, before, await files.intact(unmovedOutputs(outputs, before)));
    result.unchanged.push(...plan.unchanged);
    // Every folder about to be written into resolves inside out/ (publish/confine.ts), checked
    // before the first feed is written; an unchanged feed costs nothing.
    await confineOutputs(outDir, [...plan.stale.map((output) => output.path), ...names]);
    // Forget the fingerprints of the files about to be rewritten (and of those an earlier
    // step rewrote) before touching them: a build killed half-way must never leave a
    // fingerprint vouching for bytes it did not write. New fingerprints are recorded only at
    // the very end, after the state: the main Atom feed's also says last-good.json is current.
    const forgotten = new Set(rewritten.map((output) => output.path));
    const vouched = Object.fromEntries(Object.entries(plan.vouched).filter(([name]) => !forgotten.has(name)));
    if (plan.stale.length > 0) await writeOutputState(stateDir, vouched);
    return plan;
  };

  // An archive page already published only changes; a new one must be in place before the
  // main feed that links to it. So only new pages go before the main feeds.
  const [first, later] = partition(
    input.feeds.lead.outputs,
    (output) => output.set !== 'archive' || !before[output.path],
  );
  const lead = await step(
    first,
    input.pages.map(([name]) => name),
  );
  const atomFile = input.config.feeds.files.atom;
  const lastGoodStale =
    before[atomFile] !== lead.fingerprints[atomFile] ||
    !(await exists(lastGoodFile(stateDir))) ||
    !(await input.history.lastGoodIsCurrent());
  if (lead.stale.length > 0 || lastGoodStale) await input.loadContent();
  for (const [name, content] of input.pages) await publish(name, content);
  await writeFeeds(serializer, lead.stale, publish);

  // The rest, planned now that the main feeds are in place (their new fingerprints are recorded at the end).
  const complete = input.feeds.complete();
  const [indexName, indexContent] = input.indexPage(complete.listings);
  const leadPaths = new Set(input.feeds.lead.outputs.map((output) => output.path));
  const rest = await step(
    [...later, ...complete.outputs.filter((output) => !leadPaths.has(output.path))],
    [indexName],
    lead.stale,
  );
  if (rest.stale.length > 0) await input.loadContent();
  await writeFeeds(serializer, rest.stale, publish);
  await publish(indexName, indexContent);
  // After the feeds: a build killed before these lines is simply redone by the next one.
  await settleAll([
    ...(await historyWrites(input, complete, lastGoodStale)),
    input.saveArticleCache(),
    files.save(),
    writeDeleted(stateDir, input.deletions),
    writePublishedCount(stateDir, input.publishedCount),
  ]);
  for (const [file, drift] of files.drifted) result.repaired.push({ file, drift });
  // The fingerprints come last, vouching only for feeds already in place.
  await writeOutputState(stateDir, { ...lead.fingerprints, ...rest.fingerprints });
  return result;
}

/**
 * Feeds are serialized (on worker threads) and written while earlier ones are still being
 * written: a few at a time, each fsynced before its rename, the fsyncs overlapping (one at a
 * time, the fsyncs of a cold build's 200 feeds were over a second of waiting). Each is still
 * renamed into place in order (`after`), so a feed never appears before the archive page it
 * links to, and a failure stops every later one before its rename.
 */
async function writeFeeds(
  serializer: FeedSerializer,
  stale: readonly FeedOutput[],
  publish: (name: string, content: PublishedContent, after?: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const writing: Promise<void>[] = [];
  try {
    for await (const [output, content] of serializer.inOrder(stale)) {
      if (writing.length >= FEEDS_IN_FLIGHT) await writing.shift();
      const previous = writing.at(-1);
      const write = publish(output.path, content, previous);
      // Awaited in turn or below; a failure meanwhile is not "unhandled".
      write.catch(() => undefined);
      writing.push(write);
    }
  } finally {
    // None is left running, whatever failed; the first failure is the one reported.
    await settleAll(writing);
  }
}

/** Feeds being written at once (see writeFeeds). */
const FEEDS_IN_FLIGHT = 4;

/**
 * The state files, written side by side (they are independent of one another). Each history
 * file keeps its previous generation, unless the current one was found damaged.
 */
async function historyWrites(
  input: PublishInput,
  feeds: Pick<FeedPlan, 'state' | 'window'>,
  lastGoodStale: boolean,
): Promise<Promise<void>[]> {
  const { stateDir } = input.config;
  const { history } = input;
  const nextState = input.nextState();
  const writes: Promise<void>[] = [];
  if (
    !sameEntries(history.state.entries, nextState.entries) ||
    !history.current.state ||
    !(await exists(stateFile(stateDir)))
  )
    writes.push(writeState(stateDir, nextState, history.current.state, input.memory));
  // The window as published, content included, for the kept-entry rule; it only
  // changes when the main feed does.
  if (lastGoodStale) {
    // A kept entry carries its content as data and is fingerprinted with it, not by key.
    const window = feeds.window.map((entry) => {
      const { entryKey: _key, ...fields } = entry;
      return { ...fields, contentHtml: entry.contentHtml };
    });
    writes.push(writeLastGood(stateDir, window, await history.lastGoodIsCurrent()));
  }
  writes.push(writeFeedState(stateDir, feeds.state, history.current.feedState, input.memory));
  return writes;
}

/** Like Promise.all, but waits for every write to end before throwing the first error: none is left running. */
async function settleAll(writes: readonly Promise<void>[]): Promise<void> {
  const failure = (await Promise.allSettled(writes)).find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

async function exists(file: string): Promise<boolean> {
  return outputExists(path.dirname(file), path.basename(file));
}

/** The items that pass `test`, and the others, each in their order. */
function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const passed: T[] = [];
  const failed: T[] = [];
  for (const item of items) (test(item) ? passed : failed).push(item);
  return [passed, failed];
}
