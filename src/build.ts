import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ResolvedConfig } from './config/schema.js';
import type { Diagnostic } from './diagnostics.js';
import { decideModified, type EntryRecord } from './entries/history.js';
import { articleUrl, entryId } from './entries/identity.js';
import { dispositionOf, feedUpdated, liveTombstones, modifiedTime, selectWindow } from './entries/entries.js';
import { renderAtom } from './feeds/atom.js';
import type { FeedDocument } from './feeds/document.js';
import { renderJsonFeed } from './feeds/json-feed.js';
import { renderRss } from './feeds/rss.js';
import { produceImages, type ImageJob, type ImageStats } from './images/index.js';
import { discoverArticles } from './load/discover.js';
import { readArticle } from './load/read-article.js';
import type { Article, Entry, Tombstone } from './model.js';
import { writeIfChanged } from './publish/atomic-write.js';
import { readState, writeState, type BuildState } from './publish/state.js';
import { articleContentHtml, leadImageOf } from './render/article-html.js';
import { findLocalImages } from './render/local-images.js';
import { markdownToHtml } from './render/markdown.js';
import { resolveArticleAsset, validateArticle } from './validate/article.js';

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
  /** Output files, relative to out/. */
  written: string[];
  unchanged: string[];
  /** What the images stage did: renditions encoded, source bytes read (0 on a no-op rebuild). */
  images: ImageStats;
  diagnostics: Diagnostic[];
}

interface ValidArticle {
  article: Article;
  displayPath: string;
  lineOf(key: string): number | undefined;
}

interface Candidate extends ValidArticle {
  id: string;
  url: string;
  bodyHtml: string;
  imageSources: { source: string; key: string }[];
}

export async function build(options: BuildOptions): Promise<BuildSummary> {
  const { config, now, cwd } = options;
  const diagnostics: Diagnostic[] = [];
  const displayPath = (sourcePath: string) =>
    path.relative(cwd, path.join(config.articlesDir, sourcePath)).split(path.sep).join('/');

  // load → validate
  const sourcePaths = await discoverArticles(config.articlesDir);
  const articles: ValidArticle[] = [];
  for (const sourcePath of sourcePaths) {
    const shown = displayPath(sourcePath);
    const read = await readArticle(config.articlesDir, sourcePath, shown);
    if (!read.ok) {
      diagnostics.push(...read.diagnostics);
      continue;
    }
    const result = validateArticle(read.source);
    diagnostics.push(...result.diagnostics);
    if (result.article) articles.push({ article: result.article, displayPath: shown, lineOf: read.source.lineOf });
  }
  let failed = sourcePaths.length - articles.length;

  // identity: ids and slugs are unique across the whole newsroom
  const unique = rejectDuplicates(articles, config, diagnostics);
  failed += articles.length - unique.length;

  // render Markdown, then find the images each syndicated article needs
  let skipped = 0;
  const candidates: Candidate[] = [];
  const withdrawn: Candidate[] = [];
  const brokenBodies = new Set<string>();
  for (const valid of unique) {
    const { article, displayPath: shown } = valid;
    const disposition = dispositionOf(article, now);
    const id = entryId(article, config.site.url);
    const url = articleUrl(article, config.site.url, config.feeds.articlePath);
    if (disposition.kind === 'held') {
      skipped += 1;
      continue;
    }
    if (disposition.kind === 'withdrawn') {
      withdrawn.push({ ...valid, id, url, bodyHtml: '', imageSources: [] });
      continue;
    }
    const bodyHtml = markdownToHtml(article.body);
    const imageSources: Candidate['imageSources'] = [];
    if (article.image) imageSources.push({ source: article.image.source, key: 'image.src' });
    for (const reference of findLocalImages(bodyHtml)) {
      const asset = resolveArticleAsset(article.sourcePath, reference);
      if (asset.ok) imageSources.push({ source: asset.path, key: `body image ${reference}` });
      else {
        brokenBodies.add(shown);
        diagnostics.push({ severity: 'error', file: shown, key: 'body', message: `image ${JSON.stringify(reference)}: ${asset.reason} but received ${JSON.stringify(reference)}` });
      }
    }
    candidates.push({ ...valid, id, url, bodyHtml, imageSources });
  }

  // images (renditions are published before the feeds that reference them)
  const jobs: ImageJob[] = candidates.flatMap((c) => c.imageSources.map(({ source }) => ({ source })));
  const images = await produceImages(jobs, {
    articlesDir: config.articlesDir,
    outDir: config.outDir,
    stateDir: config.stateDir,
    siteUrl: config.site.url,
    images: config.images,
    now,
    dryRun: options.dryRun ?? false,
    ...(options.onImageProgress ? { onProgress: options.onImageProgress } : {}),
  });

  // entries
  const state = await readState(config.stateDir);
  const nextState: BuildState = { version: state.version, entries: {} };
  const entries: Entry[] = [];
  let unannouncedEdits = 0;
  for (const candidate of candidates) {
    const { article } = candidate;
    const broken = candidate.imageSources.filter(({ source }) => images.failures.has(source));
    for (const { source, key } of broken) {
      const line = key === 'image.src' ? candidate.lineOf('image.src') : undefined;
      diagnostics.push({
        severity: 'error',
        file: candidate.displayPath,
        ...(line === undefined ? {} : { line }),
        key,
        message: `${images.failures.get(source)} (${displayPath(source)})`,
      });
    }
    if (broken.length > 0 || brokenBodies.has(candidate.displayPath)) {
      failed += 1;
      continue;
    }
    for (const { source, key } of candidate.imageSources) {
      const warning = images.warnings.get(source);
      const line = key === 'image.src' ? candidate.lineOf('image.src') : undefined;
      if (warning) {
        diagnostics.push({ severity: 'warning', file: candidate.displayPath, ...(line === undefined ? {} : { line }), key, message: `${warning} (${displayPath(source)})` });
      }
    }
    const bodyHash = createHash('sha256').update(article.body.replace(/\r\n?/g, '\n')).digest('hex');
    const declared = modifiedTime(article);
    const previous = state.entries[candidate.id];
    const verdict = decideModified(previous, bodyHash, declared, now);
    if (verdict.unannouncedEdit) {
      unannouncedEdits += 1;
      diagnostics.push({
        severity: 'warning',
        file: candidate.displayPath,
        key: 'body',
        message:
          'expected a new correction or a new `updated:` with a changed body but received neither (unannounced edit); the entry is marked updated at this build',
      });
    }
    nextState.entries[candidate.id] = recordFor(previous, bodyHash, declared, verdict.modified, now);
    const image = leadImageOf(article, images.table);
    entries.push({
      id: candidate.id,
      url: candidate.url,
      title: article.title,
      ...(article.dek ? { summary: article.dek } : {}),
      contentHtml: articleContentHtml(article, candidate.bodyHtml, candidate.url, images.table, config.images.sizes),
      published: article.published,
      modified: verdict.modified,
      authors: article.authors.length > 0 ? article.authors : [config.site.author],
      ...(article.section ? { section: article.section } : {}),
      tags: article.tags,
      ...(image ? { image } : {}),
      corrections: article.corrections,
      sourcePath: article.sourcePath,
    });
  }

  const tombstones: Tombstone[] = withdrawn.map(({ article, id, url }) => {
    const previous = state.entries[id];
    const when = previous?.withdrawnAt ?? now;
    nextState.entries[id] = { ...(previous ?? { bodyHash: '', declaredModified: modifiedTime(article), modified: modifiedTime(article) }), withdrawnAt: when };
    return { id, url, when, sourcePath: article.sourcePath };
  });
  // Records of entries not seen this build (an invalid edit, a deleted file) are kept, so that
  // their history survives until they come back.
  for (const [id, record] of Object.entries(state.entries)) nextState.entries[id] ??= record;

  // feeds
  const window = selectWindow(entries, config.feeds.limit);
  const live = liveTombstones(tombstones, now, config.feeds.tombstoneDays);
  const feed: FeedDocument = {
    title: config.site.title,
    description: config.site.description,
    homeUrl: config.site.url,
    urls: {
      rss: new URL('rss.xml', config.site.url).href,
      atom: new URL('atom.xml', config.site.url).href,
      json: new URL('feed.json', config.site.url).href,
    },
    language: config.site.language,
    copyright: config.site.copyright,
    author: config.site.author,
    updated: feedUpdated(window, live),
    entries: window,
    tombstones: live,
  };
  const outputs: [string, string][] = [
    ['rss.xml', renderRss(feed)],
    ['atom.xml', renderAtom(feed)],
    ['feed.json', renderJsonFeed(feed)],
  ];

  // publish
  const written: string[] = [...images.written];
  const unchanged: string[] = [...images.unchanged];
  if (!options.dryRun) {
    for (const [name, content] of outputs) {
      const outcome = await writeIfChanged(path.join(config.outDir, name), content);
      (outcome === 'written' ? written : unchanged).push(name);
    }
    await writeState(config.stateDir, nextState);
  }

  return {
    articles: sourcePaths.length,
    entries: window.length,
    corrected: window.filter((e) => e.corrections.length > 0).length,
    withdrawn: tombstones.length,
    skipped,
    failed,
    unannouncedEdits,
    written,
    unchanged,
    images: images.stats,
    diagnostics,
  };
}

function recordFor(previous: EntryRecord | undefined, bodyHash: string, declared: number, modified: number, now: number): EntryRecord {
  const changed = !previous || previous.bodyHash !== bodyHash || previous.modified !== modified;
  return {
    bodyHash,
    declaredModified: declared,
    modified,
    firstPublished: previous?.firstPublished ?? now,
    lastPublished: changed ? now : (previous?.lastPublished ?? now),
  };
}

/** Duplicate ids or slugs are an error naming both files; the earlier-published article keeps its place. */
function rejectDuplicates(articles: ValidArticle[], config: ResolvedConfig, diagnostics: Diagnostic[]): ValidArticle[] {
  const ordered = [...articles].sort(
    (a, b) => a.article.published - b.article.published || (a.displayPath < b.displayPath ? -1 : 1),
  );
  const byId = new Map<string, string>();
  const bySlug = new Map<string, string>();
  const kept = new Set<ValidArticle>();
  for (const item of ordered) {
    const id = entryId(item.article, config.site.url);
    const idOwner = byId.get(id);
    const slugOwner = bySlug.get(item.article.slug);
    if (idOwner) {
      const line = item.lineOf('id');
      diagnostics.push({ severity: 'error', file: item.displayPath, ...(line === undefined ? {} : { line }), key: 'id', message: `expected a unique id but received ${JSON.stringify(id)}, already used by ${idOwner}` });
      continue;
    }
    if (slugOwner) {
      const line = item.lineOf('slug');
      diagnostics.push({ severity: 'error', file: item.displayPath, ...(line === undefined ? {} : { line }), key: 'slug', message: `expected a unique slug but received ${JSON.stringify(item.article.slug)}, already used by ${slugOwner}` });
      continue;
    }
    byId.set(id, item.displayPath);
    bySlug.set(item.article.slug, item.displayPath);
    kept.add(item);
  }
  return articles.filter((item) => kept.has(item));
}
