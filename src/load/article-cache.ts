import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PreparedArticle } from './prepare.js';
import type { ArticleWorkers } from '../workers/pool.js';
import { writeIfChanged } from '../publish/atomic-write.js';
import { mapLimit } from '../util/pool.js';

/**
 * What earlier builds learned about each article file, keyed by its path (issue 8): a file
 * whose size and modification time are unchanged is not read again; one whose stat moved is
 * read and hashed, and re-parsed only when its bytes changed. Lives at
 * `<state>/articles.json`, written atomically, only when it changed.
 */

/** Bump when PreparedArticle's shape or meaning changes: an old cache is then ignored. */
const CACHE_VERSION = 1;
const STAT_CONCURRENCY = 64;

interface CacheRecord {
  size: number;
  mtimeMs: number;
  prepared: PreparedArticle;
}

interface CacheFile {
  version: number;
  /** Diagnostics name files relative to the working folder; another folder means another cache. */
  displayBase: string;
  records: Record<string, CacheRecord>;
}

export interface PrepareStats {
  /** Files reused from the cache without reading them. */
  reused: number;
  /** Files read (their stat moved, or they are new). */
  read: number;
  /** Files parsed and validated again (their bytes changed). */
  parsed: number;
  bytesRead: number;
}

export interface ArticleCache {
  prepareAll(
    sourcePaths: readonly string[],
    displayPath: (sourcePath: string) => string,
    workers: ArticleWorkers,
  ): Promise<{ prepared: PreparedArticle[]; stats: PrepareStats }>;
  save(): Promise<void>;
}

function cacheFile(stateDir: string): string {
  return path.join(stateDir, 'articles.json');
}

export async function openArticleCache(stateDir: string, articlesDir: string, displayBase: string): Promise<ArticleCache> {
  const previous = await readFile(cacheFile(stateDir), 'utf8')
    .then((text) => JSON.parse(text) as CacheFile)
    .catch(() => undefined);
  const usable = previous && previous.version === CACHE_VERSION && previous.displayBase === displayBase;
  const old: Record<string, CacheRecord> = usable ? previous.records : {};
  let next: Record<string, CacheRecord> = {};
  let changed = !usable;

  return {
    async prepareAll(sourcePaths, displayPath, workers) {
      const stats: PrepareStats = { reused: 0, read: 0, parsed: 0, bytesRead: 0 };
      const stats_ = await mapLimit(sourcePaths, STAT_CONCURRENCY, (sourcePath) =>
        stat(path.join(articlesDir, sourcePath)).then((s) => ({ size: s.size, mtimeMs: s.mtimeMs })),
      );
      const prepared = new Array<PreparedArticle>(sourcePaths.length);
      const toRead: number[] = [];
      sourcePaths.forEach((sourcePath, index) => {
        const record = old[sourcePath];
        const current = stats_[index];
        if (record && current && record.size === current.size && record.mtimeMs === current.mtimeMs) {
          prepared[index] = record.prepared;
          stats.reused += 1;
        } else {
          toRead.push(index);
        }
      });
      const outcomes = await workers.prepare(
        toRead.map((index) => {
          const sourcePath = sourcePaths[index] as string;
          const knownHash = old[sourcePath]?.prepared.fileHash;
          return {
            kind: 'prepare',
            absolutePath: path.join(articlesDir, sourcePath),
            sourcePath,
            displayPath: displayPath(sourcePath),
            ...(knownHash === undefined ? {} : { knownHash }),
          };
        }),
      );
      outcomes.forEach((outcome, k) => {
        const index = toRead[k] as number;
        const record = old[sourcePaths[index] as string];
        stats.read += 1;
        stats.bytesRead += outcome.bytesRead;
        // No outcome.prepared: touched but identical bytes (a checkout, a copy); the earlier result stands.
        if (outcome.prepared) stats.parsed += 1;
        const result = outcome.prepared ?? record?.prepared;
        if (result) prepared[index] = result;
      });
      next = {};
      sourcePaths.forEach((sourcePath, index) => {
        const current = stats_[index];
        const entry = prepared[index];
        if (current && entry) next[sourcePath] = { size: current.size, mtimeMs: current.mtimeMs, prepared: entry };
      });
      changed ||= toRead.length > 0 || sourcePaths.length !== Object.keys(old).length;
      return { prepared, stats };
    },
    async save() {
      if (!changed) return;
      const file: CacheFile = { version: CACHE_VERSION, displayBase, records: next };
      await writeIfChanged(cacheFile(stateDir), JSON.stringify(file));
    },
  };
}
