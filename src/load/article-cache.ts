import { statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeIfChanged } from '../publish/atomic-write.js';
import { bodyKey, bodyStoreFolder, ensureBodyStore, sweepBodies } from '../render/body-store.js';
import type { PrepareOutcome, PrepareTask } from '../workers/tasks.js';
import type { PreparedArticle, SiteSettings } from './prepare.js';

/**
 * What earlier builds learned about each article file, keyed by its path (issue 8): a file
 * whose size and modification time are unchanged is not read again; one whose stat moved is
 * read and hashed, and parsed again only when its bytes changed. Lives in
 * `<state>/article-cache/`, split into 64 shard files by a hash of the path, so that one
 * changed article rewrites one small file, not a record of the whole archive (9.5 MB at
 * 10,000 articles: a quarter of a second). Each shard is written atomically and only when
 * one of its files changed. The cache answers exactly what parsing would: its key includes
 * everything a PreparedArticle depends on besides the file (site URL and article path
 * pattern, the renderer version, the folder diagnostics are named from).
 */

/** Bump when PreparedArticle's shape or meaning changes: an old cache is then ignored. */
const CACHE_VERSION = 2;
const CACHE_FOLDER = 'article-cache';
/** A power of two; at 50,000 articles a shard holds about 800 records (0.8 MB). */
const SHARDS = 64;

interface CacheRecord {
  size: number;
  mtimeMs: number;
  prepared: PreparedArticle;
}

interface CacheFile {
  version: number;
  settings: string;
  records: Record<string, CacheRecord>;
}

export interface PrepareStats {
  /** Files reused from the cache without reading them. */
  reused: number;
  /** Files read (their stat moved, or they are new). */
  read: number;
  /** Files parsed and rendered again (their bytes changed). */
  parsed: number;
  bytesRead: number;
}

export interface PrepareAllOptions {
  articlesDir: string;
  stateDir: string;
  site: SiteSettings;
  /** Folder diagnostics name files from (the working folder). */
  displayBase: string;
  displayPath(sourcePath: string): string;
  /** `check`: read the cache but write nothing (no body store, no cache file). */
  dryRun: boolean;
}

export interface PreparedAll {
  prepared: PreparedArticle[];
  /** Bodies rendered by this build (files whose bytes changed), by source path. */
  bodies: Map<string, string>;
  stats: PrepareStats;
  /** Writes the cache for the next build (nothing when nothing changed). */
  save(): Promise<void>;
}

export async function prepareAll(sourcePaths: readonly string[], options: PrepareAllOptions): Promise<PreparedAll> {
  const folder = path.join(options.stateDir, CACHE_FOLDER);
  const settings = JSON.stringify([options.site.url, options.site.articlePath, options.displayBase]);
  const { records: old, unusable } = await readShards(folder, settings);

  const stats: PrepareStats = { reused: 0, read: 0, parsed: 0, bytesRead: 0 };
  // Synchronous on purpose: 10,000 stats take 70 ms this way and 300 ms as promises (each
  // one a round trip through libuv's thread pool), and this is most of a no-op rebuild.
  const fileStats = sourcePaths.map((sourcePath) => {
    try {
      const s = statSync(path.join(options.articlesDir, sourcePath));
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      // Vanished or unreadable since discovery: read (and reported) like a new file.
      return undefined;
    }
  });
  const prepared = new Array<PreparedArticle>(sourcePaths.length);
  const toRead: number[] = [];
  sourcePaths.forEach((sourcePath, index) => {
    const record = old[sourcePath];
    const current = fileStats[index];
    if (record && current && record.size === current.size && record.mtimeMs === current.mtimeMs) {
      prepared[index] = record.prepared;
      stats.reused += 1;
    } else {
      toRead.push(index);
    }
  });

  const bodyStore = options.dryRun ? undefined : bodyStoreFolder(options.stateDir);
  if (bodyStore && toRead.length > 0) await ensureBodyStore(bodyStore);
  const tasks: PrepareTask[] = toRead.map((index) => {
    const sourcePath = sourcePaths[index] as string;
    const knownHash = old[sourcePath]?.prepared.fileHash;
    return {
      absolutePath: path.join(options.articlesDir, sourcePath),
      sourcePath,
      displayPath: options.displayPath(sourcePath),
      site: options.site,
      ...(fileStats[index] ? { size: fileStats[index].size } : {}),
      ...(knownHash ? { knownHash } : {}),
      ...(bodyStore ? { bodyStore } : {}),
    };
  });
  const outcomes = tasks.length === 0 ? [] : await prepare(tasks);
  const bodies = new Map<string, string>();
  outcomes.forEach((outcome, k) => {
    const index = toRead[k] as number;
    if (outcome.bodyHtml !== undefined) bodies.set(sourcePaths[index] as string, outcome.bodyHtml);
    stats.read += 1;
    stats.bytesRead += outcome.bytesRead;
    if (outcome.prepared) stats.parsed += 1;
    // No outcome.prepared: touched but identical bytes (a checkout, a copy); the earlier result stands.
    const result = outcome.prepared ?? old[sourcePaths[index] as string]?.prepared;
    if (result) prepared[index] = result;
  });

  return {
    prepared,
    bodies,
    stats,
    async save() {
      if (options.dryRun) return;
      // Shards holding a file that was read, added or deleted, and shards that were unusable.
      const dirty = new Set(unusable);
      for (const index of toRead) dirty.add(shardOf(sourcePaths[index] as string));
      const present = new Set(sourcePaths);
      for (const sourcePath of Object.keys(old)) if (!present.has(sourcePath)) dirty.add(shardOf(sourcePath));
      if (dirty.size === 0) return;
      const shards = new Map<number, Record<string, CacheRecord>>([...dirty].map((shard) => [shard, {}]));
      sourcePaths.forEach((sourcePath, index) => {
        const records = shards.get(shardOf(sourcePath));
        const current = fileStats[index];
        const entry = prepared[index];
        // A file that failed to read is not cached: it is read again next time.
        if (records && current && entry && entry.fileHash)
          records[sourcePath] = { size: current.size, mtimeMs: current.mtimeMs, prepared: entry };
      });
      // Bodies of files that changed or went away are no longer anyone's.
      const keep = new Set<string>();
      for (const entry of prepared) if (entry?.body && entry.url) keep.add(bodyKey(entry.fileHash, entry.url));
      await sweepBodies(bodyStoreFolder(options.stateDir), keep);
      for (const [shard, records] of shards) {
        const file = path.join(folder, shardName(shard));
        if (Object.keys(records).length === 0) await rm(file, { force: true });
        else
          await writeIfChanged(file, JSON.stringify({ version: CACHE_VERSION, settings, records } satisfies CacheFile));
      }
    },
  };
}

/**
 * The parsers and renderers (yaml, marked, sanitize-html) and the thread pool are most of
 * presswire's start-up, and a no-op rebuild needs none of them (issue 8): they are loaded
 * only when some file must be read.
 */
async function prepare(tasks: readonly PrepareTask[]): Promise<PrepareOutcome[]> {
  const { prepareInParallel } = await import('../workers/pool.js');
  return prepareInParallel(tasks);
}

/** FNV-1a: a path's shard must not depend on anything but the path, and must be cheap for 50,000 of them. */
function shardOf(sourcePath: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sourcePath.length; i++) hash = Math.imul(hash ^ sourcePath.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
}

function shardName(shard: number): string {
  return `${shard.toString(16).padStart(2, '0')}.json`;
}

/**
 * Every usable record of the cache; shards of another version or settings, unreadable ones,
 * and files that are no shard are `unusable`: rewritten (or removed) by the next save.
 */
async function readShards(
  folder: string,
  settings: string,
): Promise<{ records: Record<string, CacheRecord>; unusable: Set<number> }> {
  const records: Record<string, CacheRecord> = {};
  const unusable = new Set<number>();
  const names = await readdir(folder).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((name) => readFile(path.join(folder, name), 'utf8').catch(() => '')));
  names.forEach((name, k) => {
    const match = /^([0-9a-f]{2})\.json$/.exec(name);
    const shard = match ? parseInt(match[1] as string, 16) : SHARDS;
    if (shard >= SHARDS) return;
    try {
      const file = JSON.parse(texts[k] as string) as CacheFile;
      if (file.version === CACHE_VERSION && file.settings === settings) Object.assign(records, file.records);
      else unusable.add(shard);
    } catch {
      unusable.add(shard);
    }
  });
  return { records, unusable };
}
