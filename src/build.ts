import { hash } from 'node:crypto';
import path from 'node:path';
import type { ResolvedConfig } from './config/schema.js';
import type { Diagnostic } from './diagnostics.js';
import { resolveArticleLinks } from './entries/article-links.js';
import { assembleEntries } from './entries/assemble.js';
import { nextRecords } from './entries/history.js';
import type { DeletedRecord } from './entries/deleted.js';
import { settleIdentities, type SettledIdentities } from './entries/identities.js';
import { keptEntries } from './entries/kept.js';
import { selectSyndicated, type Candidate } from './entries/syndication.js';
import { withdrawnTombstones } from './entries/tombstones.js';
import { changedFeedUrls, planFeedsStaged, type FeedPlan } from './feeds/plan.js';
import { produceArticleImages } from './images/article-images.js';
import type { ImageStageResult, ImageStats } from './images/index.js';
import { countDialects } from './load/dialect-summary.js';
import { displayPathsFor, type DisplayPaths } from './load/display-path.js';
import { loadArticles, type LoadedArticles } from './load/load-articles.js';
import { ArticleCacheMemory, type PrepareStats } from './load/article-cache.js';
import { sweepTemporaryFiles } from './publish/atomic-write.js';
import { settleDeletions } from './publish/deleted-state.js';
import { confineOutputs, foreignFileWarnings } from './publish/foreign.js';
import { outdatedOutputs } from './publish/output-state.js';
import { publishBuild, type Published } from './publish/publish-build.js';
import type { Drift } from './publish/published-files.js';
import type { GenerationMemory } from './publish/generations.js';
import { guardShrink } from './publish/shrink-guard.js';
import { FeedSerializer, PARALLEL_FROM_ENTRIES } from './workers/feed-pool.js';
import { readHistory, type History } from './publish/state-recovery.js';
import type { BuildState } from './publish/state.js';
import type { Entry, Tombstone } from './model.js';
import { ContentMemory } from './render/content-memory.js';
import { deferredContent } from './render/deferred-content.js';
import { browserViewUrls, readBrowserViewFiles } from './site/browser-view.js';
import { indexPage } from './site/pages.js';
import { nextTimedChange } from './publish/timed-changes.js';
import { FileMemory } from './util/file-memory.js';
import { appendAll } from './util/latest.js';

/**
 * One build: runs the stages in order and collects their diagnostics. It knows no feed
 * format details; those live in feeds/. One bad article is a diagnostic, never a crash:
 * it is left out and every other article is still published.
 */

export interface BuildOptions {
  config: ResolvedConfig;
  /** The build's "now" (clock.ts); nothing below reads the system clock. */
  now: number;
  /** Working folder: diagnostics name files relative to it. */
  cwd: string;
  /** Write nothing (`presswire check`). */
  dryRun?: boolean;
  /**
   * Stop request (SIGTERM/SIGINT, a lost lock). Checked between stages and between image
   * sources, never while the feeds and the state are being published, so a stopped build
   * leaves out/ and the state as complete files of this build or the previous one.
   */
  signal?: AbortSignal;
  /** `--allow-shrink`: publish even when the published entries shrink past `publish.maxShrink` (shrink-guard.ts). */
  allowShrink?: boolean;
  /**
   * What a long-running job (`presswire schedule`) keeps between its builds instead of reading
   * it again; every piece is checked against its file before it is used (BuildMemory).
   */
  memory?: BuildMemory;
  /** Progress of the image work (report/ draws it; the build only counts). */
  onImageProgress?: (done: number, total: number) => void;
}

/** What a long-running job keeps between builds, each piece checked against its file before use. */
export class BuildMemory {
  readonly articleCache = new ArticleCacheMemory();
  /** The history files (state.json, feeds.json) as last read or written (publish/generations.ts). */
  readonly historyFiles: GenerationMemory = new FileMemory<unknown>();
  /** Entry contents by content key (render/content-memory.ts). */
  readonly contents = new ContentMemory();
}

export interface BuildSummary {
  /** Articles found. */
  articles: number;
  /** Entries in the main feeds. */
  entries: number;
  /** Of those, entries with at least one correction. */
  corrected: number;
  /** Withdrawn articles (tombstones in the Atom feed). */
  withdrawn: number;
  /** Drafts and embargoed articles, not syndicated. */
  skipped: number;
  /** Articles left out because of errors. */
  failed: number;
  /** Articles whose body changed without a correction or `updated:`. */
  unannouncedEdits: number;
  /** Published entries whose article is now invalid: their last good entry stayed in the feeds. */
  kept: number;
  /** Output files, relative to out/. */
  written: string[];
  unchanged: string[];
  /** Damaged state files and what was recovered from where (publish/state-recovery.ts), one line each. */
  recovered: string[];
  /** Published files that were not what the last build wrote (drift), written again; relative to out/. */
  repaired: { file: string; drift: Drift }[];
  /**
   * Only from a build that writes nothing (`check`): the feeds, relative to out/, a build at
   * the same time would write, because what they are made of changed since the last build
   * or they are missing from out/. Empty when out/ is up to date with the articles.
   */
  outdated?: string[];
  /** Public URLs of the feeds whose bytes this build changed: what the WebSub hub is told of. */
  changedFeeds: string[];
  /** What the images stage did: renditions encoded, source bytes read (0 on a no-op rebuild). */
  images: ImageStats;
  /** What the article stage did: files reused from the cache unread, read, parsed again. */
  articleFiles: PrepareStats;
  /** How many files were read as each platform's front matter (`input.dialect`). */
  dialects: Record<string, number>;
  diagnostics: Diagnostic[];
  /**
   * The earliest build time at which this result would change with no edit (an embargo
   * lifting, an article expiring, a tombstone leaving the feeds: publish/timed-changes.ts);
   * absent when none is pending.
   */
  nextTimedChange?: number;
}

export async function build(options: BuildOptions): Promise<BuildSummary> {
  const { config, now, cwd, signal } = options;
  const dryRun = options.dryRun ?? false;
  const paths = displayPathsFor(config, cwd);
  const diagnostics: Diagnostic[] = [];

  const articles = await readArticles(options, paths, diagnostics);
  // A vanished or shrunken archive publishes nothing (publish/shrink-guard.ts).
  await guardShrink({
    stateDir: config.stateDir,
    records: articles.history.state.entries,
    failedSources: articles.failedSources,
    articleFiles: articles.loaded.sourcePaths.length,
    syndicated: articles.candidates.length,
    maxShrink: config.publish.maxShrink,
    allowShrink: options.allowShrink ?? false,
    articlesFolder: paths.articlesFolder,
  });
  signal?.throwIfAborted();
  if (!dryRun) {
    // Temporary files of a killed build (publish/atomic-write.ts); we hold the lock, so none is live.
    await sweepTemporaryFiles(config.outDir);
    await sweepTemporaryFiles(config.stateDir);
  }

  // images (renditions are published before the feeds that reference them)
  const images = await produceArticleImages(articles.candidates, config, {
    now,
    dryRun,
    onProgress: options.onImageProgress,
    signal,
  });
  signal?.throwIfAborted();
  appendAll(diagnostics, foreignFileWarnings(images.foreign, config.outDir, cwd));

  const serializer = new FeedSerializer();
  try {
    // The first archive of a large newsroom is thousands of entries to serialize: the threads
    // start now and are ready by the time the entries are made (workers/feed-pool.ts).
    const firstArchive = config.feeds.archive.enabled && articles.history.feedState.archive.length === 0;
    if (!dryRun && firstArchive && articles.candidates.length >= PARALLEL_FROM_ENTRIES) serializer.start();
    return await entriesFeedsAndPublish(options, { paths, articles, images, diagnostics, serializer });
  } finally {
    await serializer.close();
  }
}

/** The stages after the images: entries, feeds, publishing (or, for `check`, only the checks publishing makes). */
async function entriesFeedsAndPublish(
  options: BuildOptions,
  stages: {
    paths: DisplayPaths;
    articles: ReadArticles;
    images: ImageStageResult;
    diagnostics: Diagnostic[];
    serializer: FeedSerializer;
  },
): Promise<BuildSummary> {
  const { config, now, cwd, signal } = options;
  const dryRun = options.dryRun ?? false;
  const { paths, articles, images, diagnostics } = stages;
  const made = await makeEntries(options, paths, articles, images, diagnostics);

  // feeds: every feed set (main, sections/tags/authors, archive, corrections, partner profiles)
  // Partner feeds are rendered while planning (their minimums are checked on the bytes
  // partners get), so their entries' content is needed now.
  if (config.feeds.partners.length > 0) await made.content.load();
  const staged = planFeedsStaged({
    settings: config,
    entries: made.entries,
    tombstones: made.tombstones,
    now,
    state: articles.history.feedState,
    displayPath: paths.displayPath,
    ...(config.configFile ? { configFile: path.relative(cwd, config.configFile).split(path.sep).join('/') } : {}),
    stylesheets: browserViewUrls(config.site.url),
  });
  const stylesheets = await readBrowserViewFiles();

  // The last safe point: from here on the feeds and the state are replaced as one step.
  signal?.throwIfAborted();
  let published: Published = { written: [], unchanged: [], repaired: [] };
  let outdated: string[] | undefined;
  if (dryRun) {
    const { outputs } = staged.complete();
    // `check` refuses what `build` would: a folder of any feed that leads out of out/.
    await confineOutputs(
      config.outDir,
      outputs.map((output) => output.path),
    );
    outdated = await outdatedOutputs(config.outDir, config.stateDir, outputs);
  } else {
    // The renditions become published ones now, before any feed can point at them (images/index.ts, `record`).
    await images.record();
    published = await publishBuild({
      config,
      feeds: staged,
      pages: stylesheets,
      indexPage: (listings) => indexPage(config.site, listings, made.entries),
      history: articles.history,
      nextState: made.nextState,
      saveArticleCache: () => articles.loaded.cache.save(),
      deletions: made.deletions,
      publishedCount: made.entries.length,
      loadContent: () => made.content.load(),
      memory: options.memory?.historyFiles,
      serializer: stages.serializer,
    });
  }
  // Planned by now (publishing plans the rest after the main feeds are written).
  const feeds = staged.complete();
  appendAll(diagnostics, feeds.diagnostics);
  const timed = nextTimedChange({
    now,
    articles: articles.identities.unique.map((valid) => valid.article),
    tombstones: made.tombstones,
    tombstoneDays: config.feeds.tombstoneDays,
  });
  return summarize({ dryRun, articles, images, made, feeds, published, outdated, diagnostics, timed });
}

/** What the load, validate and identity stages leave: the articles to syndicate, and the history. */
interface ReadArticles {
  loaded: LoadedArticles;
  history: History;
  /** Articles with errors, by source path; later stages add theirs. */
  failedSources: Set<string>;
  identities: SettledIdentities;
  candidates: Candidate[];
  withdrawn: Candidate[];
  skipped: number;
  linkTarget: (target: string) => string | undefined;
}

/** load → validate → render the bodies (only files whose bytes changed, on every core), then settle ids. */
async function readArticles(
  options: BuildOptions,
  paths: DisplayPaths,
  diagnostics: Diagnostic[],
): Promise<ReadArticles> {
  const { config } = options;
  const loaded = await loadArticles(config, paths, {
    cwd: options.cwd,
    dryRun: options.dryRun ?? false,
    signal: options.signal,
    memory: options.memory?.articleCache,
  });
  appendAll(diagnostics, loaded.diagnostics);
  // The history files, or what survives of them (publish/state-recovery.ts): read before the
  // ids are settled (an article keeps its first published id) and before anything is
  // published (the shrink guard counts what they say was published).
  const publishedTimes = new Map(loaded.valid.map(({ prepared, article }) => [prepared.id, article.published]));
  const history = await readHistory({
    stateDir: config.stateDir,
    outDir: config.outDir,
    siteTitle: config.site.title,
    atomFile: config.feeds.files.atom,
    archive: config.feeds.archive,
    publishedOf: (id) => publishedTimes.get(id),
    memory: options.memory?.historyFiles,
  });
  const identities = settleIdentities(loaded.valid, history.state.entries);
  appendAll(diagnostics, identities.diagnostics);
  const failedSources = new Set([...loaded.failedSources, ...identities.failedSources]);
  const { candidates, withdrawn, skipped } = selectSyndicated(identities.unique, options.now);
  const links = resolveArticleLinks(candidates);
  appendAll(diagnostics, links.diagnostics);
  return { loaded, history, failedSources, identities, candidates, withdrawn, skipped, linkTarget: links.linkTarget };
}

/** What the entries stage leaves: the feeds' entries and tombstones, and the state to keep. */
interface MadeEntries {
  entries: Entry[];
  tombstones: Tombstone[];
  /** Tombstones of withdrawn articles (deleted files not counted). */
  withdrawn: number;
  kept: number;
  failed: number;
  unannouncedEdits: number;
  /** The state to keep, computed on first call. */
  nextState: () => BuildState;
  deletions: Record<string, DeletedRecord>;
  content: { load(): Promise<void> };
}

/** Entries, tombstones and the state records that remember them; kept entries for failed articles. */
async function makeEntries(
  options: BuildOptions,
  paths: DisplayPaths,
  articles: ReadArticles,
  images: ImageStageResult,
  diagnostics: Diagnostic[],
): Promise<MadeEntries> {
  const { config, now } = options;
  const { loaded, history, failedSources } = articles;
  const records = history.state.entries;
  const content = deferredContent({
    bodies: loaded.cache.bodies,
    images: images.table,
    articlesDir: config.articlesDir,
    sizes: config.images.sizes,
    storedBody: (sourcePath) => loaded.cache.storedBody(sourcePath),
    whereStored: (sourcePath) => loaded.cache.whereStored(sourcePath),
    keepBody: (sourcePath, html) => loaded.cache.keepBody(sourcePath, html),
    siteUrl: config.site.url,
    linkTarget: articles.linkTarget,
    memory: options.memory?.contents,
  });
  const assembled = assembleEntries({
    candidates: articles.candidates,
    images,
    records,
    now,
    siteAuthor: config.site.author,
    sizes: config.images.sizes,
    linkTarget: articles.linkTarget,
    displayPath: paths.displayPath,
    content: content.lazy,
    // Once per build: what every article was read under (author data, dialect settings).
    readingKey: `${hash('sha256', loaded.cache.settings, 'hex').slice(0, 16)}:`,
  });
  appendAll(diagnostics, assembled.diagnostics);
  for (const source of assembled.failedSources) failedSources.add(source);
  const withdrawals = withdrawnTombstones(articles.withdrawn, records, now, config.site.author);
  const deletions = await settleDeletions({
    stateDir: config.stateDir,
    records,
    sourcePaths: loaded.sourcePaths,
    liveIds: new Set(articles.identities.unique.map((item) => item.prepared.id)),
    lastGood: () => history.lastGood(),
    now,
  });
  const updates = [...assembled.records, ...withdrawals.records];
  // Computed when the state is written, after the feeds: not on the way to a correction's feed.
  let nextState: BuildState | undefined;
  const nextStateOnce = () =>
    (nextState ??= {
      version: history.state.version,
      entries: nextRecords(records, updates, deletions.newlyDeleted, now),
    });
  const kept =
    failedSources.size > 0
      ? keptEntries({
          records,
          failedSources,
          entries: assembled.entries,
          lastGood: await history.lastGood(),
          displayPath: paths.displayPath,
        })
      : { entries: [], diagnostics: [] };
  appendAll(diagnostics, kept.diagnostics);
  return {
    entries: [...assembled.entries, ...kept.entries],
    tombstones: [...withdrawals.tombstones, ...deletions.tombstones],
    withdrawn: withdrawals.tombstones.length,
    kept: kept.entries.length,
    failed: loaded.sourcePaths.length - articles.identities.unique.length + assembled.failedSources.length,
    unannouncedEdits: assembled.unannouncedEdits,
    nextState: nextStateOnce,
    deletions: deletions.remembered,
    content,
  };
}

function summarize(stages: {
  dryRun: boolean;
  articles: ReadArticles;
  images: ImageStageResult;
  made: MadeEntries;
  feeds: FeedPlan;
  published: Published;
  outdated: string[] | undefined;
  diagnostics: Diagnostic[];
  timed: number | undefined;
}): BuildSummary {
  const { articles, images, made, feeds, published } = stages;
  const written = [...images.written, ...published.written];
  return {
    articles: articles.loaded.sourcePaths.length,
    entries: feeds.window.length,
    corrected: feeds.window.filter((e) => e.corrections.length > 0).length,
    withdrawn: made.withdrawn,
    skipped: articles.skipped,
    failed: made.failed,
    unannouncedEdits: made.unannouncedEdits,
    kept: made.kept,
    written,
    unchanged: [...images.unchanged, ...published.unchanged],
    repaired: [...images.repaired, ...published.repaired],
    recovered: articles.history.notes,
    changedFeeds: stages.dryRun ? [] : changedFeedUrls(feeds.outputs, written),
    ...(stages.outdated ? { outdated: stages.outdated } : {}),
    images: images.stats,
    articleFiles: articles.loaded.cache.stats,
    dialects: countDialects(articles.loaded.cache.prepared),
    diagnostics: stages.diagnostics,
    ...(stages.timed === undefined ? {} : { nextTimedChange: stages.timed }),
  };
}
