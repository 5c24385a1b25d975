import { changedFields, fieldsHashOf, unannouncedEditWarning } from './entries/significant-edits.js';
import { keepPublishedIds, publishedIdsBySource } from './entries/published-ids.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ResolvedConfig } from './config/schema.js';
import type { Diagnostic } from './diagnostics.js';
import { decideModified, type EntryRecord } from './entries/history.js';
import { dispositionOf, modifiedTime, withdrawalTime } from './entries/entries.js';
import { changedFeedUrls, planFeeds } from './feeds/plan.js';
import { creditDiagnostics } from './images/credit-diagnostics.js';
import { produceImages, type ImageJob, type ImageStats } from './images/index.js';
import { bodyImageRights, imageUseKey, leadImageRights, siteRightsOf, type DeclaredRights } from './images/rights.js';
import { prepareAll, type PrepareStats } from './load/article-cache.js';
import { discoverArticles } from './load/discover.js';
import { siteSettings } from './load/adoption.js';
import { countDialects } from './load/dialect-summary.js';
import type { ArticleMeta, PreparedArticle } from './load/prepare.js';
import type { Entry, ImageTable, Tombstone } from './model.js';
import { sweepTemporaryFiles } from './publish/atomic-write.js';
import { writeFeedState } from './publish/feed-state.js';
import { readHistory } from './publish/state-recovery.js';
import { lastGoodFile, sameEntries, stateFile, writeLastGood, writeState, type BuildState } from './publish/state.js';
import { leadImageOf } from './render/figure.js';
import { RENDER_VERSION } from './render/body-store.js';
import { articleLinkResolver, unresolvedLinkWarnings } from './render/templates/links.js';
import { staticDisplayPath } from './images/site-root.js';
import type { ContentSource } from './render/entry-content.js';
import { outputExists, readOutputState, writeOutputState } from './publish/output-state.js';
import { PublishedFiles, type Drift } from './publish/published-files.js';
import { confineOutputs, foreignFileWarnings } from './publish/foreign.js';
import { anyNewlyDeleted, findDeletions } from './entries/deleted.js';
import { readDeleted, writeDeleted } from './publish/deleted-state.js';
import { readPublishedCount, refuseShrink, writePublishedCount } from './publish/shrink-guard.js';
import { browserViewUrls, readBrowserViewFiles } from './site/browser-view.js';
import { latestCorrections, renderIndexPage } from './site/index-page.js';
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
   * Stop request (SIGTERM/SIGINT, a lost lock). Checked between articles and between
   * stages, never while the feeds and the state are being published, so a stopped build
   * leaves out/ and the state as complete files of this build or the previous one.
   */
  signal?: AbortSignal;
  /** `--allow-shrink`: publish even when the published entries shrink past `publish.maxShrink` (shrink-guard.ts). */
  allowShrink?: boolean;
  /** Progress of the image work (report/ draws it; the build only counts). */
  onImageProgress?: (done: number, total: number) => void;
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
  /** Public URLs of the feeds whose bytes this build changed: what the WebSub hub is told of. */
  changedFeeds: string[];
  /** What the images stage did: renditions encoded, source bytes read (0 on a no-op rebuild). */
  images: ImageStats;
  /** What the article stage did: files reused from the cache unread, read, parsed again. */
  articleFiles: PrepareStats;
  /** How many files were read as each platform's front matter (`input.dialect`). */
  dialects: Record<string, number>;
  diagnostics: Diagnostic[];
}

interface ValidArticle {
  article: ArticleMeta;
  prepared: PreparedArticle & { meta: ArticleMeta; id: string; url: string };
  displayPath: string;
}

interface Candidate extends ValidArticle {
  id: string;
  url: string;
  /** Images to render; `line` is where a body image is written (for diagnostics). */
  imageSources: { source: string; key: string; line?: number; rights: DeclaredRights }[];
}

/** The image sources of an article without images (most): one frozen list for all of them. */
const NO_IMAGES = Object.freeze([]) as unknown as Candidate['imageSources'];

export async function build(options: BuildOptions): Promise<BuildSummary> {
  const { config, now, cwd } = options;
  const diagnostics: Diagnostic[] = [];
  // Source paths are clean relative POSIX paths (load/discover.ts), so one join per build, not
  // one path.relative per article (10,000 of them on every rebuild).
  const articlesBase = path.relative(cwd, config.articlesDir).split(path.sep).join('/');
  const displayPath = (sourcePath: string) =>
    sourcePath.startsWith('/') && config.staticDir !== undefined
      ? staticDisplayPath(cwd, config.staticDir, sourcePath, config.site.url)
      : articlesBase === ''
        ? sourcePath
        : `${articlesBase}/${sourcePath}`;

  // load → validate → render the body (only files whose bytes changed, on every core)
  const signal = options.signal;
  const sourcePaths = await discoverArticles(config.articlesDir);
  signal?.throwIfAborted();
  const loaded = await prepareAll(sourcePaths, {
    articlesDir: config.articlesDir,
    stateDir: config.stateDir,
    site: { ...(await siteSettings(config)), siteRoot: config.staticDir !== undefined },
    displayBase: cwd,
    displayPath,
    dryRun: options.dryRun ?? false,
  });
  signal?.throwIfAborted();
  const articles: ValidArticle[] = [];
  // Articles that failed, by source path: a published entry made from one of them is kept.
  const failedSources = new Set<string>();
  for (const prepared of loaded.prepared) {
    appendAll(diagnostics, prepared.diagnostics);
    const { meta, id, url } = prepared;
    if (meta && id && url && !prepared.diagnostics.some((d) => d.severity === 'error')) {
      // Checked just above; not copied (10,000 copies on every rebuild).
      articles.push({
        article: meta,
        prepared: prepared as ValidArticle['prepared'],
        displayPath: prepared.displayPath,
      });
    } else {
      failedSources.add(prepared.sourcePath);
    }
  }
  // The history files, or what survives of them (publish/state-recovery.ts): read before the
  // ids are settled (an article keeps its first published id) and before anything is
  // published (the shrink guard counts what they say was published).
  const publishedTimes = new Map<string, number>();
  for (const { prepared, article } of articles) publishedTimes.set(prepared.id, article.published);
  const history = await readHistory({
    stateDir: config.stateDir,
    outDir: config.outDir,
    siteTitle: config.site.title,
    atomFile: config.feeds.files.atom,
    archive: config.feeds.archive,
    publishedOf: (id) => publishedTimes.get(id),
  });
  const state = history.state;
  // ids: once published, an article keeps its first id (entries/published-ids.ts)
  const identified = keepPublishedIds(articles, publishedIdsBySource(state.entries), diagnostics);
  for (const item of identified.failed) failedSources.add(item.prepared.sourcePath);
  articles.splice(0, articles.length, ...identified.kept);
  let failed = sourcePaths.length - articles.length;

  // identity: ids and slugs are unique across the whole newsroom
  const unique = rejectDuplicates(articles, diagnostics);
  failed += articles.length - unique.length;
  if (unique !== articles) {
    const uniqueSet = new Set(unique);
    for (const item of articles) if (!uniqueSet.has(item)) failedSources.add(item.article.sourcePath);
  }

  // the images each syndicated article needs
  let skipped = 0;
  const candidates: Candidate[] = [];
  const withdrawn: Candidate[] = [];
  for (const valid of unique) {
    const { article, prepared } = valid;
    const disposition = dispositionOf(article, now);
    const { id, url } = prepared;
    if (disposition.kind === 'held') {
      skipped += 1;
      continue;
    }
    if (disposition.kind === 'withdrawn') {
      withdrawn.push({ article, prepared, displayPath: valid.displayPath, id, url, imageSources: NO_IMAGES });
      continue;
    }
    const bodyImages = prepared.body?.images ?? [];
    const imageSources: Candidate['imageSources'] = article.image || bodyImages.length > 0 ? [] : NO_IMAGES;
    if (article.image) {
      imageSources.push({ source: article.image.source, key: 'image.src', rights: leadImageRights(article.image) });
    }
    for (const image of bodyImages) {
      const key = `body image ${image.reference}`;
      imageSources.push({ source: image.source, key, line: image.line, rights: bodyImageRights(image.title) });
    }
    candidates.push({ article, prepared, displayPath: valid.displayPath, id, url, imageSources });
  }

  // links written with template syntax (render/templates/links.ts) go to syndicated articles
  const linkTarget = articleLinkResolver(candidates.map((c) => ({ sourcePath: c.article.sourcePath, url: c.url })));
  diagnostics.push(
    ...unresolvedLinkWarnings(
      candidates.flatMap((c) =>
        c.prepared.body?.links ? [{ displayPath: c.displayPath, links: c.prepared.body.links }] : [],
      ),
      linkTarget,
    ),
  );

  // A vanished or shrunken archive publishes nothing (publish/shrink-guard.ts): checked
  // before any file is touched, so not even a rendition is retired because of it.
  const liveIds = new Set(unique.map((item) => item.prepared.id));
  let failedPublished = 0;
  let recordedPublished = 0;
  for (const record of Object.values(state.entries)) {
    if (record.withdrawnAt !== undefined) continue;
    recordedPublished += 1;
    if (record.sourcePath !== undefined && failedSources.has(record.sourcePath)) failedPublished += 1;
  }
  const previousCount = await readPublishedCount(config.stateDir);
  refuseShrink({
    articleFiles: sourcePaths.length,
    // Before any build recorded its count, the state's records stand for it when nothing is left.
    previous: previousCount ?? (sourcePaths.length === 0 ? recordedPublished : undefined),
    next: candidates.length + failedPublished,
    maxShrink: config.publish.maxShrink,
    allowShrink: options.allowShrink ?? false,
    articlesFolder: articlesBase === '' ? '.' : articlesBase,
  });

  signal?.throwIfAborted();
  if (!options.dryRun) {
    // Temporary files of a killed build (publish/atomic-write.ts); we hold the lock, so none is live.
    await sweepTemporaryFiles(config.outDir);
    await sweepTemporaryFiles(config.stateDir);
  }

  // images (renditions are published before the feeds that reference them)
  const jobs: ImageJob[] = candidates.flatMap((c) => c.imageSources.map(({ source, rights }) => ({ source, rights })));
  const images = await produceImages(jobs, {
    articlesDir: config.articlesDir,
    ...(config.staticDir ? { staticDir: config.staticDir } : {}),
    outDir: config.outDir,
    stateDir: config.stateDir,
    siteUrl: config.site.url,
    images: config.images,
    rights: siteRightsOf(config.images.rights, config.site.title),
    now,
    dryRun: options.dryRun ?? false,
    ...(options.onImageProgress ? { onProgress: options.onImageProgress } : {}),
    // A stop request starts no further source: a long cold image stage ends promptly.
    ...(signal ? { signal } : {}),
  });

  signal?.throwIfAborted();
  diagnostics.push(...foreignFileWarnings(images.foreign, config.outDir, cwd));

  // entries
  // Records keep the order they were read in (sorted, publish/state.ts), new ones are added
  // at the end, and records of entries not seen this build stay as they were.
  const nextState: BuildState = { version: state.version, entries: { ...state.entries } };
  const entries: Entry[] = [];
  // Entry content is assembled only when a feed holding the entry is serialized
  // (render/entry-content.ts); its module, which brings the Markdown and HTML parsers, is
  // loaded before the first serialization, and never by a rebuild that rewrites no feed.
  let contentOf: ((source: ContentSource) => string) | undefined;
  const loadContentRenderer = async () => {
    const { entryContentRenderer } = await import('./render/entry-content.js');
    contentOf ??= entryContentRenderer({
      bodies: loaded.bodies,
      images: images.table,
      articlesDir: config.articlesDir,
      sizes: config.images.sizes,
      storedBody: (sourcePath) => loaded.storedBody(sourcePath),
      keepBody: (sourcePath, html) => loaded.keepBody(sourcePath, html),
      siteUrl: config.site.url,
      linkTarget,
    });
  };
  const contentPrototype = lazyContent((candidate: Candidate) => {
    if (!contentOf) throw new Error('bug: entry content read before loadContentRenderer()');
    return contentOf(candidate);
  });
  let unannouncedEdits = 0;
  for (const candidate of candidates) {
    signal?.throwIfAborted();
    const { article } = candidate;
    const broken = candidate.imageSources.filter(({ source }) => images.failures.has(source));
    for (const { source, key, line: imageLine } of broken) {
      const line = key === 'image.src' ? candidate.prepared.lines['image.src'] : imageLine;
      diagnostics.push({
        severity: 'error',
        file: candidate.displayPath,
        ...(line === undefined ? {} : { line }),
        key,
        message: `${images.failures.get(source)} (${displayPath(source)})`,
      });
    }
    if (broken.length > 0) {
      failed += 1;
      failedSources.add(article.sourcePath);
      continue;
    }
    // Credits read from a source file, and pictures credited nowhere (README "Image rights").
    diagnostics.push(...creditDiagnostics(candidate, images.table, displayPath));
    for (const { source, key } of candidate.imageSources) {
      const warning = images.warnings.get(source);
      const line = key === 'image.src' ? candidate.prepared.lines['image.src'] : undefined;
      if (warning) {
        diagnostics.push({
          severity: 'warning',
          file: candidate.displayPath,
          ...(line === undefined ? {} : { line }),
          key,
          message: `${warning} (${displayPath(source)})`,
        });
      }
    }
    const bodyHash = candidate.prepared.bodyHash ?? '';
    const declared = modifiedTime(article);
    const previous = state.entries[candidate.id];
    const fieldsHash = fieldsHashOf(article);
    const edited = changedFields(previous?.fieldsHash, fieldsHash);
    // A withdrawn article put back is published afresh, not an unannounced edit of its withdrawn self.
    const shown = previous?.withdrawnAt === undefined ? previous : undefined;
    const verdict = decideModified(shown, bodyHash, declared, now, edited.length > 0);
    if (verdict.unannouncedEdit) {
      unannouncedEdits += 1;
      diagnostics.push(unannouncedEditWarning(candidate.displayPath, bodyHash !== previous?.bodyHash, edited));
    }
    nextState.entries[candidate.id] = recordFor(
      previous,
      { bodyHash, fieldsHash },
      declared,
      verdict.modified,
      now,
      article.sourcePath,
    );
    const image = leadImageOf(article, images.table);
    const contentKey = contentKeyOf(candidate, images.table, config.images.sizes, linkTarget);
    const siteAuthor = article.authors.length === 0;
    entries.push(
      withLazyContent(
        contentPrototype,
        {
          id: candidate.id,
          url: candidate.url,
          title: article.title,
          ...(article.dek ? { summary: article.dek } : {}),
          contentKey,
          // Everything this entry is made of: the article's fields (fixed by the file's hash
          // under the article cache's settings), its URL and the renditions of its images (in
          // the content key), its id, modified time and file, and the site's author when it
          // names none. Feed fingerprints hash this instead of the whole entry: cheaper, on every rebuild.
          entryKey: JSON.stringify([
            contentKey,
            candidate.id,
            verdict.modified,
            article.sourcePath,
            siteAuthor ? config.site.author : null,
          ]),
          published: article.published,
          modified: verdict.modified,
          authors: siteAuthor ? [config.site.author] : article.authors,
          ...(article.section ? { section: article.section } : {}),
          tags: article.tags,
          ...(image ? { image } : {}),
          corrections: article.corrections,
          sourcePath: article.sourcePath,
        },
        candidate,
      ),
    );
  }

  const tombstones: Tombstone[] = withdrawn.map(({ article, id, url }) => {
    const previous = state.entries[id];
    const when = withdrawalTime(article, previous?.withdrawnAt, now);
    nextState.entries[id] = {
      ...(previous ?? { bodyHash: '', declaredModified: modifiedTime(article), modified: modifiedTime(article) }),
      withdrawnAt: when,
      sourcePath: article.sourcePath,
    };
    // What it was filed under, for the section/tag/author feeds and its archive slot.
    const filed = {
      published: article.published,
      tags: article.tags,
      authors: article.authors.length > 0 ? article.authors : [config.site.author],
    };
    return {
      id,
      url,
      when,
      sourcePath: article.sourcePath,
      ...filed,
      ...(article.section ? { section: article.section } : {}),
    };
  });
  // Records of entries not seen this build (an invalid edit, a deleted file) were kept above,
  // so that their history survives until they come back. A file deleted on purpose is a
  // withdrawal: its entry leaves a tombstone (entries/deleted.ts).
  const discovered = new Set(sourcePaths);
  const rememberedDeletions = await readDeleted(config.stateDir);
  const deletionInput = { records: state.entries, sourcePaths: discovered, liveIds, remembered: rememberedDeletions };
  const deletions = findDeletions({
    ...deletionInput,
    lastGood: anyNewlyDeleted(deletionInput) ? await history.lastGood() : new Map(),
    now,
  });
  for (const id of deletions.newlyDeleted) {
    nextState.entries[id] = { ...(state.entries[id] as EntryRecord), withdrawnAt: now };
  }

  // Kept entries: a published article that is now invalid (a bad edit to its front
  // matter, a broken image) does not silently vanish from the feeds. Its last good entry, as
  // the last build published it, stays until the article is fixed, and the build fails.
  let kept = 0;
  if (failedSources.size > 0) {
    const seen = new Set(entries.map((entry) => entry.id));
    const lastGood = await history.lastGood();
    for (const [id, record] of Object.entries(state.entries)) {
      if (record.sourcePath === undefined || !failedSources.has(record.sourcePath)) continue;
      const entry = lastGood.get(id);
      if (!entry || seen.has(id) || record.withdrawnAt !== undefined) continue;
      entries.push(entry);
      kept += 1;
      diagnostics.push({
        severity: 'error',
        file: displayPath(record.sourcePath),
        message: `expected a valid article to update the published entry ${id} but received one with errors; the feeds keep its last good entry (modified ${new Date(entry.modified).toISOString()}) until it is fixed`,
      });
    }
  }

  // feeds: every feed set (main, sections/tags/authors, archive, corrections, partner profiles)
  // Partner feeds are rendered while planning (their minimums are checked on the bytes
  // partners get), so their entries' content is needed now.
  if (config.feeds.partners.length > 0) await loadContentRenderer();
  const feeds = planFeeds({
    settings: config,
    entries,
    tombstones: deletions.tombstones.length > 0 ? [...tombstones, ...deletions.tombstones] : tombstones,
    now,
    state: history.feedState,
    displayPath,
    ...(config.configFile ? { configFile: path.relative(cwd, config.configFile).split(path.sep).join('/') } : {}),
    stylesheets: browserViewUrls(config.site.url),
  });
  appendAll(diagnostics, feeds.diagnostics);
  const window = feeds.window;
  // Stylesheets before the feeds that name them, the index after the feeds it lists.
  const pages: [string, string][] = [
    ...(await readBrowserViewFiles()),
    [
      'index.html',
      renderIndexPage({
        site: config.site,
        pageUrl: new URL('index.html', config.site.url).href,
        feeds: feeds.listings,
        corrections: latestCorrections(entries),
      }),
    ],
  ];

  // The last safe point: from here on the feeds and the state are replaced as one step.
  signal?.throwIfAborted();

  // publish: a feed whose fingerprint did not move and whose file is there is left alone,
  // unserialized; every other file is written only if its bytes changed (SPEC §5).
  // `check` refuses what `build` would: a folder of any feed that leads out of out/.
  if (options.dryRun) await confineOutputs(config.outDir, [...feeds.outputs.map((output) => output.path)]);
  const written: string[] = [...images.written];
  const repaired: BuildSummary['repaired'] = [...images.repaired];
  const unchanged: string[] = [...images.unchanged];
  if (!options.dryRun) {
    // Drift (the README section "How a build stays safe"): a published file that is no longer
    // what this presswire wrote is written again, found by a stat per file (publish/published-files.ts).
    const files = await PublishedFiles.open(config.outDir, config.stateDir);
    const publish = async (name: string, content: string | Uint8Array) => {
      const outcome = await files.publish(name, content);
      (outcome === 'written' ? written : unchanged).push(name);
    };
    const before = await readOutputState(config.stateDir);
    const fingerprints: Record<string, string> = {};
    const stale: typeof feeds.outputs = [];
    const intact = await files.intact(
      feeds.outputs.filter((output) => before[output.path] === output.fingerprint).map((output) => output.path),
    );
    for (const output of feeds.outputs) {
      fingerprints[output.path] = output.fingerprint;
      if (intact.has(output.path)) unchanged.push(output.path);
      else stale.push(output);
    }
    // Every folder about to be written into resolves inside out/ (publish/confine.ts), checked
    // before the first feed is written; an unchanged feed costs nothing.
    await confineOutputs(config.outDir, [...stale.map((output) => output.path), ...pages.map(([name]) => name)]);
    // Forget the fingerprints of the files about to be rewritten before touching them: a build
    // killed half-way must never leave a fingerprint vouching for bytes it did not write.
    if (stale.length > 0) {
      const rewriting = new Set(stale.map((output) => output.path));
      const kept = Object.fromEntries(Object.entries(before).filter(([name]) => !rewriting.has(name)));
      await writeOutputState(config.stateDir, kept);
    }
    const atomFile = config.feeds.files.atom;
    const lastGoodStale =
      before[atomFile] !== fingerprints[atomFile] ||
      !(await lastGoodExists(config.stateDir)) ||
      !(await history.lastGoodIsCurrent());
    if (stale.length > 0 || lastGoodStale) await loadContentRenderer();
    for (const [name, content] of pages.slice(0, -1)) await publish(name, content);
    const { serializeInOrder } = await import('./workers/feed-pool.js');
    // One file ahead: the next feed is serialized while the last one is written (its fsync
    // takes milliseconds in the thread pool); each is still renamed into place in order.
    let writing: Promise<void> = Promise.resolve();
    for await (const [output, content] of serializeInOrder(stale)) {
      await writing;
      writing = publish(output.path, content);
      // Awaited on the next turn or after the loop; a failure meanwhile is not "unhandled".
      writing.catch(() => undefined);
    }
    await writing;
    const [indexName, indexContent] = pages[pages.length - 1] as [string, string];
    await publish(indexName, indexContent);
    // After the feeds: a build killed before these lines is simply redone by the next one.
    // These files are independent of one another, so they are written side by side; the
    // fingerprints come last, vouching only for feeds already in place.
    const stateWrites: Promise<void>[] = [];
    // Each history file keeps its previous generation, unless the current one was found damaged.
    if (
      !sameEntries(state.entries, nextState.entries) ||
      !history.current.state ||
      !(await stateExists(config.stateDir))
    )
      stateWrites.push(writeState(config.stateDir, nextState, history.current.state));
    // The window as published, content included, for the kept-entry rule; it only
    // changes when the main feed does.
    if (lastGoodStale) {
      stateWrites.push(
        writeLastGood(
          config.stateDir,
          // A kept entry carries its content as data and is fingerprinted with it, not by key.
          window.map((entry) => {
            const { entryKey: _key, ...fields } = entry;
            return { ...fields, contentHtml: entry.contentHtml };
          }),
          await history.lastGoodIsCurrent(),
        ),
      );
    }
    stateWrites.push(
      writeFeedState(config.stateDir, feeds.state, history.current.feedState),
      loaded.save(),
      files.save(),
      writeDeleted(config.stateDir, deletions.remembered),
      writePublishedCount(config.stateDir, entries.length),
    );
    for (const [file, drift] of files.drifted) repaired.push({ file, drift });
    await settleAll(stateWrites);
    await writeOutputState(config.stateDir, fingerprints);
  }

  return {
    articles: sourcePaths.length,
    entries: window.length,
    corrected: window.filter((e) => e.corrections.length > 0).length,
    withdrawn: tombstones.length,
    skipped,
    failed,
    unannouncedEdits,
    kept,
    written,
    unchanged,
    repaired,
    recovered: history.notes,
    changedFeeds: options.dryRun ? [] : changedFeedUrls(feeds.outputs, written),
    images: images.stats,
    articleFiles: loaded.stats,
    dialects: countDialects(loaded.prepared),
    diagnostics,
  };
}

/**
 * The state record of a syndicated entry. firstPublished: the build that first syndicated
 * it; lastPublished: the build that first syndicated its current version (body or
 * modification time changed), so that a rebuild with nothing changed leaves the state's
 * bytes alone.
 */
function recordFor(
  previous: EntryRecord | undefined,
  { bodyHash, fieldsHash }: { bodyHash: string; fieldsHash: string },
  declared: number,
  modified: number,
  now: number,
  sourcePath: string,
): EntryRecord {
  const changed =
    !previous ||
    previous.bodyHash !== bodyHash ||
    // A record from before field hashes were kept adopts them without counting as a change.
    (previous.fieldsHash !== undefined && previous.fieldsHash !== fieldsHash) ||
    previous.modified !== modified ||
    previous.withdrawnAt !== undefined;
  // Unchanged (nearly every record of a rebuild): the record read is the record kept.
  if (
    !changed &&
    previous.fieldsHash === fieldsHash &&
    previous.declaredModified === declared &&
    previous.sourcePath === sourcePath &&
    previous.firstPublished !== undefined &&
    previous.lastPublished !== undefined
  )
    return previous;
  return {
    bodyHash,
    fieldsHash,
    declaredModified: declared,
    modified,
    firstPublished: previous?.firstPublished ?? now,
    lastPublished: changed ? now : (previous?.lastPublished ?? now),
    sourcePath,
  };
}

/** Duplicate ids or slugs are an error naming both files; the earlier-published article keeps its place. */
function rejectDuplicates(articles: ValidArticle[], diagnostics: Diagnostic[]): ValidArticle[] {
  // Nearly always there is none, which two sets show without ordering every article first
  // (40 ms at 10,000 on every rebuild).
  const ids = new Set<string>();
  const slugs = new Set<string>();
  for (const { prepared, article } of articles) {
    ids.add(prepared.id);
    slugs.add(article.slug);
  }
  if (ids.size === articles.length && slugs.size === articles.length) return articles;
  const ordered = [...articles].sort(
    (a, b) => a.article.published - b.article.published || (a.displayPath < b.displayPath ? -1 : 1),
  );
  const byId = new Map<string, string>();
  const bySlug = new Map<string, string>();
  const kept = new Set<ValidArticle>();
  for (const item of ordered) {
    const id = item.prepared.id;
    const idOwner = byId.get(id);
    const slugOwner = bySlug.get(item.article.slug);
    if (idOwner) {
      const line = item.prepared.lines.id;
      diagnostics.push({
        severity: 'error',
        file: item.displayPath,
        ...(line === undefined ? {} : { line }),
        key: 'id',
        message: `expected a unique id but received ${JSON.stringify(id)}, already used by ${idOwner}`,
      });
      continue;
    }
    if (slugOwner) {
      const line = item.prepared.lines.slug;
      diagnostics.push({
        severity: 'error',
        file: item.displayPath,
        ...(line === undefined ? {} : { line }),
        key: 'slug',
        message: `expected a unique slug but received ${JSON.stringify(item.article.slug)}, already used by ${slugOwner}`,
      });
      continue;
    }
    byId.set(id, item.displayPath);
    bySlug.set(item.article.slug, item.displayPath);
    kept.add(item);
  }
  return articles.filter((item) => kept.has(item));
}

/**
 * Entries carry their content as a getter: a feed whose fingerprint did not move
 * is never serialized, so its entries' contents are never assembled. The getter lives on a
 * prototype made once per build (lazyContent), so JSON.stringify and spreads see only the
 * entry's own fields (`contentKey` and `entryKey` standing for the content), every entry keeps
 * one fast shape, and none needs a closure of its own: it holds what its content is made
 * from under a symbol.
 */
function lazyContent<S>(content: (source: S) => string): object {
  return {
    get contentHtml(): string {
      return content((this as unknown as Record<typeof CONTENT_SOURCE, S>)[CONTENT_SOURCE]);
    },
  };
}

function withLazyContent<S>(prototype: object, fields: Omit<Entry, 'contentHtml'>, source: S): Entry {
  const entry = Object.assign(Object.create(prototype) as { contentHtml: string }, fields);
  (entry as unknown as Record<typeof CONTENT_SOURCE, S>)[CONTENT_SOURCE] = source;
  return entry;
}

const CONTENT_SOURCE = Symbol('content source');

/** Like Promise.all, but waits for every write to end before throwing the first error: none is left running. */
async function settleAll(writes: readonly Promise<void>[]): Promise<void> {
  const failure = (await Promise.allSettled(writes)).find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

async function stateExists(stateDir: string): Promise<boolean> {
  return outputExists(path.dirname(stateFile(stateDir)), path.basename(stateFile(stateDir)));
}

async function lastGoodExists(stateDir: string): Promise<boolean> {
  return outputExists(path.dirname(lastGoodFile(stateDir)), path.basename(lastGoodFile(stateDir)));
}

/**
 * Everything an entry's content HTML is made of: equal keys, equal content. The file's hash
 * covers the body and every field the content shows, the URL resolves its links; only an
 * entry with images needs a digest of their renditions and `sizes` (hashed, like the rest,
 * only when it has some: this runs for every entry of every rebuild).
 */
function contentKeyOf(
  candidate: Candidate,
  images: ImageTable,
  sizes: string,
  linkTarget: (target: string) => string | undefined,
): string {
  const links = candidate.prepared.body?.links;
  // Links to other articles follow those articles' URLs.
  const linked = links ? `:${JSON.stringify(links.map((link) => linkTarget(link.target) ?? null))}` : '';
  const key = `${RENDER_VERSION}:${candidate.prepared.fileHash}:${candidate.url}${linked}`;
  if (candidate.imageSources.length === 0) return key;
  const used = candidate.imageSources.map(({ source, rights }) => images.get(imageUseKey(source, rights)));
  return `${key}:${createHash('sha256')
    .update(JSON.stringify([sizes, used]))
    .digest('hex')
    .slice(0, 32)}`;
}
