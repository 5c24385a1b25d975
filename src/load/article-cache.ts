import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeIfChanged } from '../publish/atomic-write.js';
import {
  bodiesInPack,
  bodyStoreFolder,
  readStoredBody,
  removePacksExcept,
  RENDER_VERSION,
  writePacks,
  type StoredBody,
  type StoredPlace,
} from '../render/body-store.js';
import type { StartedThreads } from '../workers/pool.js';
import type { PrepareOutcome, PrepareTask } from '../workers/prepare-task.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Dialect } from '../validate/dialects/table.js';
import type { ArticleMeta, BodyImage, BodyLink, PreparedArticle, SiteSettings } from './prepare.js';
import { FileMemory } from '../util/file-memory.js';
import { mapLimit } from '../util/pool.js';
import { WatchedStats, type FileStat } from './watched-stats.js';

/**
 * What earlier builds learned about each article file, keyed by its path: a file
 * whose size and modification time are unchanged is not read again; one whose stat moved is
 * read and hashed, and parsed again only when its bytes changed. Lives in
 * `<state>/article-cache/`, split into 64 shard files by a hash of the path, so that one
 * changed article rewrites one small file, not a record of the whole archive (9.5 MB at
 * 10,000 articles: a quarter of a second). Each shard is written atomically and only when
 * one of its files changed. The cache answers exactly what parsing would: its key includes
 * everything a PreparedArticle depends on besides the file (site URL and article path
 * pattern, the renderer version, the folder diagnostics are named from).
 */

/** Bump when PreparedArticle's shape or meaning changes, or the record's: an old cache is then ignored. */
const CACHE_VERSION = 6;
const CACHE_FOLDER = 'article-cache';
/** A power of two; at 50,000 articles a shard holds about 800 records (0.8 MB). */
const SHARDS = 64;

interface CacheRecord {
  size: number;
  mtimeMs: number;
  prepared: PreparedArticle;
  /** Where its rendered body is stored (render/body-store.ts). */
  body?: StoredBody;
}

/**
 * A record as a shard stores it. Loading the cache is most of a no-op rebuild, and
 * JSON.parse's cost follows bytes and objects: a record is a tuple, without what its key and
 * the cache's settings already say (the source path, three times; the display path) or what is
 * nearly always empty, and a pack's 44-character name is stored once per shard. About 650
 * bytes an article instead of 1,100: 40% less to parse and collect.
 *   [size, mtimeMs, fileHash, body: [pack index, offset, length, sha256, 1 when final] or 0, the rest]
 * A body's "final" mark (render/body-store.ts) was added later: a record without it reads as
 * not final, and an older presswire ignores it.
 */
type StoredRecord = [number, number, string, [number, number, number, string, 1?] | 0, StoredPrepared];

interface StoredPrepared {
  id?: string;
  url?: string;
  bodyHash?: string;
  fieldsHash?: string;
  meta?: Omit<ArticleMeta, 'sourcePath'>;
  /** PreparedArticle.body.images: present when it has a body. */
  images?: BodyImage[];
  /** PreparedArticle.body.links: links to other articles, when the body has some. */
  links?: BodyLink[];
  lines?: PreparedArticle['lines'];
  diagnostics?: Diagnostic[];
  /** PreparedArticle.dialect when it is another platform's, '' when none (unreadable front matter); presswire's own is not stored. */
  dialect?: Dialect | '';
}

interface ShardFile {
  version: number;
  settings: string;
  /** Pack file names, which records refer to by index. */
  packs: string[];
  records: Record<string, StoredRecord>;
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
  /** What a long-running job keeps of the cache between its builds (ArticleCacheMemory). */
  memory?: ArticleCacheMemory | undefined;
}

/**
 * The article cache as a long-running job (`presswire schedule`) last read or wrote it: each
 * shard's records, with the identity (inode, size, modification time) of the file they came
 * from. A shard whose file still has that identity is not read or parsed again; any other
 * (written behind the job's back, restored, damaged) is read as usual. Owned by the job, so
 * a one-shot build keeps nothing.
 */
export class ArticleCacheMemory {
  /** Decoded shards, under the cache settings and the display base they were decoded with. */
  readonly shards = new FileMemory<Map<string, CacheRecord>>();
  /** The article files' stats, as far as the job's watcher vouches for them (load/watched-stats.ts). */
  readonly stats = new WatchedStats();
}

export interface PreparedAll {
  prepared: PreparedArticle[];
  /** Bodies rendered by this build (files whose bytes changed), by source path, up to a memory budget (the rest: storedBody). */
  bodies: Map<string, string>;
  stats: PrepareStats;
  /** The stored body of a file, when the store has it: one this build did not parse, or one beyond the memory budget. */
  storedBody(sourcePath: string): string | undefined;
  /** Where that stored body lies: the store's folder and its place there. */
  whereStored(sourcePath: string): StoredPlace | undefined;
  /** A body rendered again for this build's feeds (the store lacked it): stored for later builds by save(). */
  keepBody(sourcePath: string, html: string): void;
  /** Writes the cache and the bodies for the next build (nothing when nothing changed). */
  save(): Promise<void>;
  /**
   * What reading every article depended on besides its bytes (site URL, article path, id
   * scheme, dialect settings, author data): an entry made from the same bytes under other
   * settings is another entry (entries/content-key.ts).
   */
  settings: string;
}

export async function prepareAll(sourcePaths: readonly string[], options: PrepareAllOptions): Promise<PreparedAll> {
  const folder = path.join(options.stateDir, CACHE_FOLDER);
  const settings = cacheSettings(options);
  const { records: old, unusable } = await readShards(folder, settings, options.displayPath, options.memory);
  // Nothing cached (a first build, a cleared cache): every file will be read, so the article
  // threads start now and load their modules while the files are stat'ed (workers/pool.ts).
  const threads = old.size === 0 && sourcePaths.length > 0 ? await startThreads(sourcePaths.length) : undefined;
  const fileStats = statFiles(options.articlesDir, sourcePaths, options.memory?.stats);
  const { prepared, toRead } = reuseUnchanged(sourcePaths, fileStats, old);
  const stats: PrepareStats = { reused: sourcePaths.length - toRead.length, read: 0, parsed: 0, bytesRead: 0 };

  const tasks = readTasks(sourcePaths, toRead, fileStats, old, options);
  const store = bodyStoreFolder(options.stateDir);
  const outcomes =
    tasks.length === 0 && !threads ? [] : await prepare(tasks, options.dryRun ? undefined : store, threads);
  const { bodies, stored } = takeOutcomes(outcomes, { sourcePaths, toRead, old, prepared, stats });

  const run: CacheRun = { folder, settings, store, sourcePaths, fileStats, prepared, toRead, old, unusable, stored };
  if (options.memory) run.memory = { shards: options.memory.shards, key: memoryKey(settings, options.displayPath) };
  const renderedAgain: { id: string; html: string }[] = [];
  const indexOf = new Map(sourcePaths.map((sourcePath, index) => [sourcePath, index]));
  const whereStored = (sourcePath: string): StoredPlace | undefined => {
    const storedNow = stored.get(sourcePath);
    if (storedNow) return { folder: store, body: storedNow, writtenNow: true };
    const body = storedRef(old, sourcePath, prepared[indexOf.get(sourcePath) ?? -1]);
    return body ? { folder: store, body } : undefined;
  };
  return {
    prepared,
    bodies,
    stats,
    settings: readingSettings(options),
    storedBody(sourcePath) {
      const where = whereStored(sourcePath);
      return where ? readStoredBody(where.folder, where.body, where.writtenNow) : undefined;
    },
    whereStored,
    keepBody(sourcePath, html) {
      if (!options.dryRun) renderedAgain.push({ id: sourcePath, html });
    },
    async save() {
      if (options.dryRun) return;
      await saveCache(run, renderedAgain);
    },
  };
}

/** Everything besides the file a PreparedArticle depends on: a cache made under other settings is not used. */
function cacheSettings(options: PrepareAllOptions): string {
  const { url, articlePath, idScheme, adoption } = options.site;
  return JSON.stringify([
    RENDER_VERSION,
    url,
    articlePath,
    options.displayBase,
    options.site.siteRoot === true,
    ...(idScheme === undefined && adoption === undefined ? [] : [idScheme ?? null, adoption ?? null]),
  ]);
}

/** The settings an article's fields are read under: cacheSettings without where messages name files from. */
function readingSettings(options: PrepareAllOptions): string {
  const { url, articlePath, idScheme, adoption, siteRoot } = options.site;
  return JSON.stringify([RENDER_VERSION, url, articlePath, siteRoot === true, idScheme ?? null, adoption ?? null]);
}

/** A file's size and modification time, which decide whether the cache's record of it still holds. */
function statFile(file: string): FileStat | undefined {
  // Synchronous on purpose: 10,000 stats take 70 ms this way and 300 ms as promises (each
  // one a round trip through libuv's thread pool), and this is most of a no-op rebuild.
  try {
    const s = statSync(file, { throwIfNoEntry: false });
    return s && { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    // Vanished or unreadable since discovery: read (and reported) like a new file.
    return undefined;
  }
}

function statFiles(
  articlesDir: string,
  sourcePaths: readonly string[],
  watched: WatchedStats | undefined,
): (FileStat | undefined)[] {
  const files = sourcePaths.map((sourcePath) => path.join(articlesDir, sourcePath));
  return watched ? watched.statAll(files, statFile) : files.map(statFile);
}

/**
 * Which files the cache answers for, pure: a file whose size and modification time are
 * those of its record is taken from the cache (`prepared` at its index); every other one,
 * and one that could not be stat'ed, is to be read (`toRead`, indices in order).
 */
export function reuseUnchanged(
  sourcePaths: readonly string[],
  fileStats: readonly (FileStat | undefined)[],
  old: ReadonlyMap<string, { size: number; mtimeMs: number; prepared: PreparedArticle }>,
): { prepared: PreparedArticle[]; toRead: number[] } {
  const prepared = new Array<PreparedArticle>(sourcePaths.length);
  const toRead: number[] = [];
  sourcePaths.forEach((sourcePath, index) => {
    const record = old.get(sourcePath);
    const current = fileStats[index];
    if (record && current && record.size === current.size && record.mtimeMs === current.mtimeMs) {
      prepared[index] = record.prepared;
    } else {
      toRead.push(index);
    }
  });
  return { prepared, toRead };
}

function readTasks(
  sourcePaths: readonly string[],
  toRead: readonly number[],
  fileStats: readonly (FileStat | undefined)[],
  old: ReadonlyMap<string, CacheRecord>,
  options: PrepareAllOptions,
): PrepareTask[] {
  return toRead.map((index) => {
    const sourcePath = sourcePaths[index] as string;
    const knownHash = old.get(sourcePath)?.prepared.fileHash;
    return {
      absolutePath: path.join(options.articlesDir, sourcePath),
      sourcePath,
      displayPath: options.displayPath(sourcePath),
      site: options.site,
      ...(fileStats[index] ? { size: fileStats[index].size } : {}),
      ...(knownHash ? { knownHash } : {}),
    };
  });
}

/** Puts what the threads sent back in place: each file's result (in `prepared`), its body, where it was stored. */
function takeOutcomes(
  outcomes: readonly PrepareOutcome[],
  into: {
    sourcePaths: readonly string[];
    toRead: readonly number[];
    old: ReadonlyMap<string, CacheRecord>;
    prepared: PreparedArticle[];
    stats: PrepareStats;
  },
): { bodies: Map<string, string>; stored: Map<string, StoredBody> } {
  const { sourcePaths, toRead, old, prepared, stats } = into;
  const bodies = new Map<string, string>();
  const stored = new Map<string, StoredBody>();
  outcomes.forEach((outcome, k) => {
    const index = toRead[k] as number;
    const sourcePath = sourcePaths[index] as string;
    if (outcome.stored) stored.set(sourcePath, outcome.stored);
    // Past a memory budget the threads send no body back (workers/pool.ts): storedBody reads it.
    if (outcome.bodyHtml !== undefined) bodies.set(sourcePath, outcome.bodyHtml);
    stats.read += 1;
    stats.bytesRead += outcome.bytesRead;
    if (outcome.prepared) stats.parsed += 1;
    // No outcome.prepared: touched but identical bytes (a checkout, a copy); the earlier result stands.
    const result = outcome.prepared ?? old.get(sourcePath)?.prepared;
    if (result) prepared[index] = result;
  });
  return { bodies, stored };
}

/** What save() needs of one prepareAll. */
interface CacheRun {
  folder: string;
  settings: string;
  /** The body store's folder. */
  store: string;
  sourcePaths: readonly string[];
  fileStats: readonly (FileStat | undefined)[];
  prepared: readonly PreparedArticle[];
  toRead: readonly number[];
  old: ReadonlyMap<string, CacheRecord>;
  unusable: ReadonlySet<number>;
  /** Bodies stored by this build, by source path. */
  stored: Map<string, StoredBody>;
  /** Where the shards written are remembered, for a long-running job. */
  memory?: { shards: FileMemory<Map<string, CacheRecord>>; key: string };
}

/** Where an unchanged file's body lies, from the cache: only while the file still has the bytes it was rendered from. */
function storedRef(
  old: ReadonlyMap<string, CacheRecord>,
  sourcePath: string,
  entry: PreparedArticle | undefined,
): StoredBody | undefined {
  const record = old.get(sourcePath);
  return record?.body && entry?.body && record.prepared.fileHash === entry.fileHash ? record.body : undefined;
}

async function saveCache(run: CacheRun, renderedAgain: readonly { id: string; html: string }[]): Promise<void> {
  const { store, sourcePaths, stored } = run;
  // Shards holding a file that was read, added or deleted, and shards that were unusable.
  const dirty = new Set(run.unusable);
  for (const index of run.toRead) dirty.add(shardOf(sourcePaths[index] as string));
  const present = new Set(sourcePaths);
  for (const sourcePath of run.old.keys()) if (!present.has(sourcePath)) dirty.add(shardOf(sourcePath));
  for (const { id } of renderedAgain) dirty.add(shardOf(id));
  if (dirty.size === 0) return;

  // Where every current body lies: stored by this build, or where the cache said.
  for (const [id, ref] of await packed(store, renderedAgain)) stored.set(id, ref);
  const refs = new Map<string, StoredBody>();
  sourcePaths.forEach((sourcePath, index) => {
    const ref = stored.get(sourcePath) ?? storedRef(run.old, sourcePath, run.prepared[index]);
    if (ref) refs.set(sourcePath, ref);
  });
  const moving: { id: string; html: string }[] = [];
  for (const id of bodiesToRepack(refs)) {
    const html = readStoredBody(store, refs.get(id) as StoredBody);
    refs.delete(id);
    if (html !== undefined) moving.push({ id, html });
    dirty.add(shardOf(id));
  }
  for (const [id, ref] of await packed(store, moving)) refs.set(id, ref);

  await writeShards(run, dirty, refs);
  // Last, once no record points into them: packs of changed, deleted or moved bodies.
  await removePacksExcept(store, new Set([...refs.values()].map((ref) => ref.pack)));
}

/**
 * Which bodies move to a new pack, pure: a pack most of whose bodies are dead (their
 * articles changed or went away) has its live ones copied into a new pack, so dead bytes
 * never outweigh live ones for long. Source paths, grouped by pack in order of first use.
 */
export function bodiesToRepack(refs: ReadonlyMap<string, StoredBody>): string[] {
  const live = new Map<string, string[]>();
  for (const [sourcePath, ref] of refs) {
    const ids = live.get(ref.pack);
    if (ids) ids.push(sourcePath);
    else live.set(ref.pack, [sourcePath]);
  }
  return [...live].flatMap(([pack, ids]) => (ids.length * 2 >= bodiesInPack(pack) ? [] : ids));
}

/** Rewrites the dirty shards from the current records; a shard left without records is removed. */
async function writeShards(
  run: CacheRun,
  dirty: ReadonlySet<number>,
  refs: ReadonlyMap<string, StoredBody>,
): Promise<void> {
  const shards = new Map<number, Map<string, CacheRecord>>([...dirty].map((shard) => [shard, new Map()]));
  run.sourcePaths.forEach((sourcePath, index) => {
    const records = shards.get(shardOf(sourcePath));
    const current = run.fileStats[index];
    const entry = run.prepared[index];
    const body = refs.get(sourcePath);
    // A file that failed to read is not cached: it is read again next time.
    if (records && current && entry && entry.fileHash)
      records.set(sourcePath, {
        size: current.size,
        mtimeMs: current.mtimeMs,
        prepared: entry,
        ...(body ? { body } : {}),
      });
  });
  // A few at a time, as the feeds are: each shard is fsynced before its rename
  // (publish/atomic-write.ts), and written one after the other, a cold build's 64 shards
  // waited on the disk one fsync at a time.
  await mapLimit([...shards], SHARDS_IN_FLIGHT, async ([shard, records]) => {
    const file = path.join(run.folder, shardName(shard));
    if (records.size === 0) await rm(file, { force: true });
    else await writeIfChanged(file, JSON.stringify(encodeShard(run.settings, records)));
    if (run.memory) run.memory.shards.remember(file, records, run.memory.key);
  });
}

/** Shards being written at once (see writeShards). */
const SHARDS_IN_FLIGHT = 8;

/** Best effort: a pack that cannot be written leaves its bodies unstored (rendered again when needed). */
function packed(store: string, bodies: readonly { id: string; html: string }[]): Promise<Map<string, StoredBody>> {
  return writePacks(store, bodies).catch(() => new Map<string, StoredBody>());
}

/**
 * The parsers and renderers (yaml, marked, sanitize-html) and the thread pool are most of
 * presswire's start-up, and a no-op rebuild needs none of them: they are loaded
 * only when some file must be read.
 */
async function prepare(
  tasks: readonly PrepareTask[],
  store: string | undefined,
  threads: StartedThreads | undefined,
): Promise<PrepareOutcome[]> {
  const { prepareInParallel, stopArticleThreads } = await import('../workers/pool.js');
  try {
    // The threads store the bodies they render, a pack per batch (render/body-store.ts).
    if (store && tasks.length > 0) await mkdir(store, { recursive: true });
  } catch (error) {
    await stopArticleThreads(threads);
    throw error;
  }
  return prepareInParallel(tasks, { ...(store ? { store } : {}), started: threads });
}

/**
 * Loads the parsers and renderers now instead of when a file must first be read (see
 * prepare): a long-running job does it at start, so that its first run after a saved change
 * does not pay for it.
 */
export async function loadParsers(): Promise<void> {
  await (await import('../workers/pool.js')).loadParsers();
}

async function startThreads(articles: number): Promise<StartedThreads | undefined> {
  const { startArticleThreads } = await import('../workers/pool.js');
  return startArticleThreads(articles);
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
  displayPath: (sourcePath: string) => string,
  memory?: ArticleCacheMemory,
): Promise<{ records: Map<string, CacheRecord>; unusable: Set<number> }> {
  const records = new Map<string, CacheRecord>();
  const unusable = new Set<number>();
  const names = await readdir(folder).catch(() => [] as string[]);
  const key = memoryKey(settings, displayPath);
  for (const name of names) {
    const match = /^([0-9a-f]{2})\.json$/.exec(name);
    const shard = match ? parseInt(match[1] as string, 16) : SHARDS;
    if (shard >= SHARDS) continue;
    const file = path.join(folder, name);
    const known = memory?.shards.recall(file, key);
    if (known) {
      for (const [sourcePath, record] of known) records.set(sourcePath, record);
      continue;
    }
    try {
      // Synchronous: each shard is parsed as soon as it is read, and nothing else is waiting.
      const data = JSON.parse(readFileSync(file, 'utf8')) as ShardFile;
      if (data.version !== CACHE_VERSION || data.settings !== settings) {
        unusable.add(shard);
        continue;
      }
      const decoded = memory ? new Map<string, CacheRecord>() : records;
      decodeShard(data, displayPath, decoded);
      if (memory) {
        memory.shards.remember(file, decoded, key);
        for (const [sourcePath, record] of decoded) records.set(sourcePath, record);
      }
    } catch {
      unusable.add(shard);
    }
  }
  return { records, unusable };
}

/** The settings and where messages name files from: remembered records hold both. */
function memoryKey(settings: string, displayPath: (sourcePath: string) => string): string {
  return `${settings}\n${displayPath('')}`;
}

function encodeShard(settings: string, records: ReadonlyMap<string, CacheRecord>): ShardFile {
  const packs: string[] = [];
  const packIndex = new Map<string, number>();
  const stored: Record<string, StoredRecord> = {};
  for (const [sourcePath, { size, mtimeMs, prepared, body }] of records) {
    let pack = 0;
    if (body) {
      pack = packIndex.get(body.pack) ?? packs.push(body.pack) - 1;
      packIndex.set(body.pack, pack);
    }
    stored[sourcePath] = [size, mtimeMs, prepared.fileHash, body ? bodyTuple(pack, body) : 0, storedPrepared(prepared)];
  }
  return { version: CACHE_VERSION, settings, packs, records: stored };
}

/**
 * What a shard keeps of a prepared article: what is set, in this order. Plain assignments,
 * no spreads: a cold build encodes every article, on the main thread alone after the feeds
 * (at 10,000, 80–105 ms with a spread per field, 33–37 ms without, in CPU profiles).
 */
function storedPrepared(prepared: PreparedArticle): StoredPrepared {
  const { meta, id, url, bodyHash, fieldsHash, lines, diagnostics } = prepared;
  const stored: StoredPrepared = {};
  if (id !== undefined) stored.id = id;
  if (url !== undefined) stored.url = url;
  if (bodyHash !== undefined) stored.bodyHash = bodyHash;
  if (fieldsHash !== undefined) stored.fieldsHash = fieldsHash;
  if (meta) stored.meta = withoutSourcePath(meta);
  if (prepared.body) stored.images = prepared.body.images;
  if (prepared.body?.links) stored.links = prepared.body.links;
  if (Object.keys(lines).length > 0) stored.lines = lines;
  if (diagnostics.length > 0) stored.diagnostics = diagnostics;
  if (prepared.dialect !== 'presswire') stored.dialect = prepared.dialect ?? '';
  return stored;
}

/** Where a record's body lies, as a shard stores it (StoredRecord). */
function bodyTuple(pack: number, body: StoredBody): [number, number, number, string, 1?] {
  return body.final ? [pack, body.offset, body.length, body.sha256, 1] : [pack, body.offset, body.length, body.sha256];
}

// Shared by every record that has none (nearly all): fewer objects for every rebuild to
// allocate and the garbage collector to copy. Frozen, so a stage that tried to add to them
// would throw instead of changing every article at once.
const NO_LINES: PreparedArticle['lines'] = Object.freeze({});
const NO_DIAGNOSTICS = Object.freeze([]) as unknown as Diagnostic[];
const BODY_WITHOUT_IMAGES = Object.freeze({ images: Object.freeze([]) as unknown as BodyImage[] });

function decodeShard(
  file: ShardFile,
  displayPath: (sourcePath: string) => string,
  into: Map<string, CacheRecord>,
): void {
  // Plain assignments, no spreads: this runs for every article of every rebuild.
  for (const sourcePath in file.records) {
    const [size, mtimeMs, fileHash, body, rest] = file.records[sourcePath] as StoredRecord;
    const prepared: PreparedArticle = {
      sourcePath,
      displayPath: displayPath(sourcePath),
      fileHash,
      lines: rest.lines ?? NO_LINES,
      diagnostics: rest.diagnostics ?? NO_DIAGNOSTICS,
    };
    if (rest.id !== undefined) prepared.id = rest.id;
    if (rest.url !== undefined) prepared.url = rest.url;
    if (rest.bodyHash !== undefined) prepared.bodyHash = rest.bodyHash;
    if (rest.fieldsHash !== undefined) prepared.fieldsHash = rest.fieldsHash;
    if (rest.dialect !== '') prepared.dialect = rest.dialect ?? 'presswire';
    // Parsed for this build alone: completed in place rather than copied.
    if (rest.meta) {
      prepared.meta = rest.meta as ArticleMeta;
      prepared.meta.sourcePath = sourcePath;
    }
    if (rest.images) prepared.body = rest.images.length === 0 ? BODY_WITHOUT_IMAGES : { images: rest.images };
    if (rest.links) prepared.body = { images: rest.images ?? [], links: rest.links };
    const record: CacheRecord = { size, mtimeMs, prepared };
    const pack = body ? file.packs[body[0]] : undefined;
    if (body && pack) {
      record.body = { pack, offset: body[1], length: body[2], sha256: body[3] };
      if (body[4] === 1) record.body.final = true;
    }
    into.set(sourcePath, record);
  }
}

function withoutSourcePath(meta: ArticleMeta): Omit<ArticleMeta, 'sourcePath'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped: the record's key
  const { sourcePath, ...rest } = meta;
  return rest;
}
