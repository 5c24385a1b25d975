import type { FeedState } from '../feeds/plan.js';
import type { Entry } from '../model.js';
import type { PublishedHistory } from './feed-history.js';
import { emptyFeedState, feedStateFile, parseFeedStateData } from './feed-state.js';
import { readGenerations, type GenerationMemory, type Reading } from './generations.js';
import { emptyState, lastGoodFile, parseLastGoodData, parseStateData, stateFile, type BuildState } from './state.js';

/**
 * Damaged state never stops the job and loses no history (docs/operations.md, "How a build
 * stays safe, and why"). Each history file is read from its current generation, else its previous
 * one (generations.ts); whenever the current one was unusable, what the published feeds
 * carry is read back from them (feed-history.ts) and completes what the previous
 * generation lacks, or stands in for both. Every fallback is reported: what was
 * recovered, from where, and what could not be.
 */

export interface HistoryOptions {
  stateDir: string;
  outDir: string;
  siteTitle: string;
  /** The Atom feeds' file name (`feeds.files.atom`), in out/ and in each facet folder. */
  atomFile: string;
  archive: { enabled: boolean; pageSize: number };
  /** Publication time of an article this build knows, by entry id (orders recovered archive slots). */
  publishedOf(id: string): number | undefined;
  /** What a long-running job remembers of the history files (generations.ts). */
  memory?: GenerationMemory | undefined;
}

export interface History {
  state: BuildState;
  feedState: FeedState;
  /** Whether each file was read from its current generation (only then is it kept as `.prev` when replaced). */
  current: { state: boolean; feedState: boolean };
  /** The last good window (read on demand: only a build with failing articles needs it). */
  lastGood(): Promise<Map<string, Entry>>;
  /** Whether last-good.json's current generation is usable (read on demand, when the window is rewritten). */
  lastGoodIsCurrent(): Promise<boolean>;
  /** One line per fallback taken. */
  notes: string[];
}

const NOT_RECOVERABLE =
  'Not recoverable: body hashes (an edit made since then is not reported as an unannounced edit this once), first and last published times, and the source files of entries no longer in the articles';

export async function readHistory(options: HistoryOptions): Promise<History> {
  const notes: string[] = [];
  const stateReading = await readGenerations(stateFile(options.stateDir), parseStateData, options.memory);
  const feedReading = await readGenerations(feedStateFile(options.stateDir), parseFeedStateData, options.memory);
  // The feeds are parsed only on a fallback: a build whose state is whole never loads the XML parser.
  const recovery = () => import('./feed-history.js');
  let published: PublishedHistory | undefined;
  const fromFeeds = async () =>
    (published ??= await (await recovery()).readPublishedHistory(options.outDir, options.siteTitle, options.atomFile));

  // Records are never changed once read, except by the merge below, which gets a copy
  // (the value may be the one a long-running job remembers).
  const state: BuildState =
    stateReading.from === 'none'
      ? emptyState()
      : stateReading.from === 'current'
        ? stateReading.value
        : { ...stateReading.value, entries: { ...stateReading.value.entries } };
  if (stateReading.from !== 'current') {
    const history = await fromFeeds();
    const merged = (await recovery()).mergeHistoryIntoRecords(state.entries, history);
    if (stateReading.from === 'previous') {
      notes.push(
        `${stateReading.problem}; used its previous generation, state.json.prev, and completed ${merged} entries from ${history.documents} published Atom feeds. ${NOT_RECOVERABLE}`,
      );
    } else if (!stateReading.firstBuild || history.documents > 0) {
      notes.push(
        `${stateReading.problems.join(', and ')}; recovered from ${history.documents} published Atom feeds: the modification times of ${history.entries.size} entries and the withdrawal times of ${history.tombstones.size} tombstones. ${NOT_RECOVERABLE}`,
      );
    }
  }

  let feedState: FeedState = feedReading.from === 'none' ? emptyFeedState() : feedReading.value;
  if (feedReading.from !== 'current') {
    const history = await fromFeeds();
    const { archiveSlotsOfHistory, mergeHistoryIntoFeedState } = await recovery();
    const { slots, vacant } = options.archive.enabled
      ? archiveSlotsOfHistory(history, options.archive.pageSize, options.publishedOf)
      : { slots: [], vacant: 0 };
    feedState = mergeHistoryIntoFeedState(feedState, history, slots);
    const slugs = Object.values(history.slugs).reduce((n, registry) => n + Object.keys(registry).length, 0);
    const recovered = `the slots of ${history.archivePages.size} archive pages and ${slugs} facet slugs`;
    if (feedReading.from === 'previous') {
      notes.push(`${feedReading.problem}; used its previous generation, feeds.json.prev, completed with ${recovered}`);
    } else if (!feedReading.firstBuild || history.documents > 0) {
      notes.push(
        `${feedReading.problems.join(', and ')}; recovered from the published feeds: ${recovered}${vacant > 0 ? `. Not recoverable: which entries held ${vacant} archive slots left empty at the last build (such an article gets a new slot if it comes back)` : ''}`,
      );
    }
  }

  let lastGood: Promise<Reading<Map<string, Entry>>> | undefined;
  let lastGoodNoted = false;
  const readLastGood = () => (lastGood ??= readGenerations(lastGoodFile(options.stateDir), parseLastGoodData));
  return {
    state,
    feedState,
    current: { state: stateReading.from === 'current', feedState: feedReading.from === 'current' },
    async lastGood() {
      const reading = await readLastGood();
      lastGoodNoted = true;
      if (reading.from === 'previous') {
        notes.push(
          `${reading.problem}; used its previous generation, last-good.json.prev (an article failing in this build keeps the entry that generation holds)`,
        );
      }
      if (reading.from !== 'none') return reading.value;
      if (!reading.firstBuild) {
        notes.push(
          `${reading.problems.join(', and ')}; not recoverable (entries' last good content): an article failing in this build is left out of the feeds instead of keeping its last good entry`,
        );
      }
      return new Map();
    },
    async lastGoodIsCurrent() {
      const reading = await readLastGood();
      if (reading.from !== 'current' && !(reading.from === 'none' && reading.firstBuild) && !lastGoodNoted) {
        lastGoodNoted = true;
        const problem = reading.from === 'previous' ? reading.problem : reading.problems.join(', and ');
        notes.push(`${problem}; written again from this build's main feed window`);
      }
      return reading.from === 'current';
    },
    notes,
  };
}
