import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeIfChanged } from '../publish/atomic-write.js';
import { mapLimit } from '../util/pool.js';
import { prepareInParallel } from '../workers/pool.js';
import type { PreparedArticle, SiteSettings } from './prepare.js';

/**
 * What earlier builds learned about each article file, keyed by its path (issue 8): a file
 * whose size and modification time are unchanged is not read again; one whose stat moved is
 * read and hashed, and parsed again only when its bytes changed. Lives at
 * `<state>/articles.json`, written atomically and only when it changed. The cache answers
 * exactly what parsing would: its key includes everything a PreparedArticle depends on
 * besides the file (site URL and article path pattern, the renderer version, the folder
 * diagnostics are named from).
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
  const file = path.join(options.stateDir, 'articles.json');
  const settings = JSON.stringify([options.site.url, options.site.articlePath, options.displayBase]);
  const previous = await readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as CacheFile)
    .catch(() => undefined);
  const old: Record<string, CacheRecord> =
    previous && previous.version === CACHE_VERSION && previous.settings === settings ? previous.records : {};

  const stats: PrepareStats = { reused: 0, read: 0, parsed: 0, bytesRead: 0 };
  const fileStats = await mapLimit(sourcePaths, STAT_CONCURRENCY, (sourcePath) =>
    stat(path.join(options.articlesDir, sourcePath)).then(
      (s) => ({ size: s.size, mtimeMs: s.mtimeMs }),
      () => undefined,
    ),
  );
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

  const outcomes = await prepareInParallel(
    toRead.map((index) => {
      const sourcePath = sourcePaths[index] as string;
      const knownHash = old[sourcePath]?.prepared.fileHash;
      return {
        absolutePath: path.join(options.articlesDir, sourcePath),
        sourcePath,
        displayPath: options.displayPath(sourcePath),
        site: options.site,
        ...(fileStats[index] ? { size: fileStats[index].size } : {}),
        ...(knownHash ? { knownHash } : {}),
      };
    }),
  );
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
      if (toRead.length === 0 && sourcePaths.length === Object.keys(old).length) return;
      const records: Record<string, CacheRecord> = {};
      sourcePaths.forEach((sourcePath, index) => {
        const current = fileStats[index];
        const entry = prepared[index];
        // A file that failed to read is not cached: it is read again next time.
        if (current && entry && entry.fileHash)
          records[sourcePath] = { size: current.size, mtimeMs: current.mtimeMs, prepared: entry };
      });
      await writeIfChanged(file, JSON.stringify({ version: CACHE_VERSION, settings, records } satisfies CacheFile));
    },
  };
}
