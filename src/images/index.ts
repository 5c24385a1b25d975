import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat, unlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { ImageRenditions, ImageTable } from '../model.js';
import { FilesAside, type WrittenAside } from '../publish/atomic-write.js';
import { OutputFolders } from '../publish/confine.js';
import { beforePublishing } from '../publish/lock-gate.js';
import { sha256Of } from '../publish/digest.js';
import type { Drift } from '../publish/published-files.js';
import { mapLimit } from '../util/pool.js';
import type { InputLimits } from './encode.js';
import { imageEncoder, type ImageEncoder } from './image-thread.js';
import { ImageInputError } from './input-error.js';
import { SourceReader } from './read-source.js';
import { RenditionPublisher } from './rendition-publisher.js';
import { RenditionWriter } from './rendition-writer.js';
import {
  appendJournal,
  readJournal,
  readManifest,
  removeJournal,
  writeManifest,
  type ImageManifest,
  type SourceRecord,
} from './manifest.js';
import { isSiteRootSource, staticFolder, staticPath } from './site-root.js';
import {
  FORMAT_INFO,
  planRenditions,
  retention,
  unplannable,
  type PlannedRendition,
  type RenditionSettings,
} from './plan.js';
import { imageUseKey, resolveRights, type DeclaredRights, type ResolvedRights, type SiteRights } from './rights.js';

/**
 * The images stage (SPEC §3 "Images"): every lead and body image of the
 * syndicated articles becomes responsive renditions in out/images/, named by content.
 *
 *   1. locate (cheap, no source bytes): realpath inside articles/, stat; a source whose
 *      size and mtime match the manifest keeps its recorded hash and size unread.
 *   2. plan (pure, plan.ts): widths × formats → names. A name already in out/images with
 *      the recorded byte length is reused.
 *   3. encode what is missing (encode.ts): one decode per source, bounded concurrency,
 *      each file written aside and renamed into place.
 *   4. retire renditions nobody references any more, after the grace period.
 *
 * The manifest (manifest.ts) carries the facts between builds.
 */

export interface ImageJob {
  /** Source path relative to the articles root. */
  source: string;
  /** What the article declares about this use's rights (front matter, or a body image's title). */
  rights?: DeclaredRights;
}

export interface ImageStageOptions {
  articlesDir: string;
  /** The `static` folder: sources named `/…` are site-root paths read from it (images/site-root.ts). */
  staticDir?: string;
  outDir: string;
  /** Where the manifest lives (`<state>/images.json`). */
  stateDir: string;
  /** Absolute site URL, ending in "/". */
  siteUrl: string;
  /** The `images` section of the config. */
  images: Config['images'];
  /** The site's default rights (`images.rights`, and the site as source when asked for). */
  rights?: SiteRights;
  /** The build's "now": starts and ends grace periods. */
  now: number;
  /** Decide and check, but write nothing and encode nothing (`presswire check`). */
  dryRun: boolean;
  /** Sources in flight at once; default: the machine's available parallelism. */
  concurrency?: number;
  /** Called as sources that need reading or encoding finish (only those: cached ones are instant). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stop request: no further source is started once it is aborted (renditions already
   * written are whole files, which the next build reuses by name).
   */
  signal?: AbortSignal;
}

/** What the stage did, for the build summary and the `--json` finish line. */
export interface ImageStats {
  /** Distinct source images this build needed. */
  sources: number;
  /** Renditions those sources have (made or reused). */
  renditions: number;
  /**
   * Encodes done by this build: one per size and format of a source, however many uses
   * (different rights) share those pixels; their files are copies with their own XMP.
   */
  encoded: number;
  /** Bytes of source images read by this build (0 when nothing changed). */
  sourceBytesRead: number;
  /** Unreferenced renditions removed after their grace period. */
  removed: number;
}

export interface ImageStageResult {
  table: ImageTable;
  /** Per source path: why it could not be used ("expected … but …"). */
  failures: Map<string, string>;
  /** Per source path: what was done that the author should know (an animated GIF became a still). */
  warnings: Map<string, string>;
  /** Files under out/ written by this build, relative to it. */
  written: string[];
  /** Renditions reused as they were, relative to out/. */
  unchanged: string[];
  /** Renditions that were not what an earlier build wrote (missing, changed), made again; relative to out/. */
  repaired: { file: string; drift: Drift }[];
  /** Files in out/images presswire did not make, seen for the first time (left alone; reported once). */
  foreign: string[];
  stats: ImageStats;
  /**
   * Records this stage's renditions in the manifest and clears the journal (manifest.ts).
   * The build calls it as it starts publishing, just before the first feed can reference
   * them: a build stopped before then (failed, or taken over while suspended) leaves their
   * names journaled only, and the next build removes the ones it does not use at once,
   * since no feed ever pointed at them. Nothing to record for `check`.
   */
  record(): Promise<void>;
}

const ANIMATED_WARNING =
  'animated image: only its first frame is published, as a still (feed readers and partners show stills; link a video for motion)';

function settingsOf(images: Config['images']): RenditionSettings {
  return { widths: images.widths, formats: images.formats, quality: images.quality, background: images.background };
}

interface Located {
  source: string;
  file: string;
  size: number;
  mtimeMs: number;
  /** The manifest's record, when size and mtime still match it. */
  cached?: SourceRecord;
}

/** One use of a source: its rights as resolved, and its renditions. */
export interface UsePlan {
  resolved: ResolvedRights;
  plan: PlannedRendition[];
}

export type Outcome = { ok: true; record: SourceRecord; plans: Map<string, UsePlan> } | { ok: false; message: string };

/** Every use of every source: source path → use key (images/rights.ts) → what the article declares. */
function usesOf(jobs: readonly ImageJob[]): Map<string, Map<string, DeclaredRights>> {
  const uses = new Map<string, Map<string, DeclaredRights>>();
  for (const { source, rights = {} } of jobs) {
    let ofSource = uses.get(source);
    if (!ofSource) uses.set(source, (ofSource = new Map()));
    ofSource.set(imageUseKey(source, rights), rights);
  }
  return uses;
}

/** The plans of every use of one source (pure), each with the rights its renditions carry. */
function planUses(
  record: SourceRecord,
  uses: ReadonlyMap<string, DeclaredRights>,
  settings: RenditionSettings,
  site: SiteRights,
): Map<string, UsePlan> {
  const plans = new Map<string, UsePlan>();
  for (const [key, declared] of uses) {
    const resolved = resolveRights(declared, record.embedded, site);
    plans.set(key, { resolved, plan: planRenditions(record, settings, resolved.rights) });
  }
  return plans;
}

/** The renditions of all uses, each name once (uses whose rights resolve alike share their files). */
function distinctRenditions(plans: ReadonlyMap<string, UsePlan>): PlannedRendition[] {
  const byName = new Map<string, PlannedRendition>();
  for (const { plan } of plans.values()) for (const p of plan) byName.set(p.name, p);
  return [...byName.values()];
}

export async function produceImages(jobs: readonly ImageJob[], options: ImageStageOptions): Promise<ImageStageResult> {
  const settings = settingsOf(options.images);
  const imagesDir = path.join(options.outDir, 'images');
  const uses = usesOf(jobs);
  const sources = [...uses.keys()];
  const plansOf = (record: SourceRecord, source: string): Map<string, UsePlan> =>
    planUses(record, uses.get(source) ?? new Map(), settings, options.rights ?? {});
  // Never through a link out of out/: its files would be deleted and overwritten.
  await new OutputFolders(options.outDir).assertInside('images');
  const manifest = await readManifest(options.stateDir);
  const journaled = options.dryRun ? new Set<string>() : await readJournal(options.stateDir);
  const roots = {
    articles: await realpath(options.articlesDir),
    static: sources.some(isSiteRootSource) ? await staticFolder(options.staticDir) : undefined,
  };
  /** Rendition file name → byte length of every file in out/images: as listed, then as written. */
  const { sizes, facts, drifted } = await listImagesDir(imagesDir, manifest);
  const stats: ImageStats = { sources: sources.length, renditions: 0, encoded: 0, sourceBytesRead: 0, removed: 0 };
  const present = (name: string): boolean => sizes.has(name);

  // 1. locate, and settle every source the manifest vouches for: no source bytes are read.
  const { outcomes, work } = await locateSources(sources, options, roots, manifest, plansOf, present);
  // 2–3. read, plan, encode only what changed, a bounded number of sources at a time.
  const run: EncodeRun = { options, imagesDir, settings, plansOf, present, sizes, facts, stats, written: new Set() };
  await encodeChanged(work, run, outcomes);
  const { written } = run;

  const { table, failures, warnings, referenced, renditions } = imageTable(sources, outcomes, options.siteUrl, sizes);
  stats.renditions += renditions;
  let foreign: string[] = [];
  let record = (): Promise<void> => Promise.resolve();
  if (!options.dryRun) {
    const next: ImageManifest = { version: manifest.version, sources: {}, renditions: {} };
    for (const [source, outcome] of outcomes) if (outcome.ok) next.sources[source] = outcome.record;
    const retired = await retire(imagesDir, sizes, { previous: manifest, next, referenced, journaled, facts }, options);
    stats.removed = retired.removed;
    foreign = retired.foreign;
    record = async () => {
      await writeManifest(options.stateDir, next);
      await beforePublishing();
      await removeJournal(options.stateDir);
    };
  }

  return {
    table,
    failures,
    warnings,
    written: [...written].sort().map((name) => `images/${name}`),
    foreign: foreign.map((name) => `images/${name}`),
    unchanged: [...referenced]
      .filter((name) => !written.has(name))
      .sort()
      .map((name) => `images/${name}`),
    repaired: [...drifted]
      .filter(([name]) => written.has(name))
      .map(([name, drift]) => ({ file: `images/${name}`, drift })),
    stats,
    record,
  };
}

type PlansOf = (record: SourceRecord, source: string) => Map<string, UsePlan>;

/**
 * Step 1: every source located (no source bytes read). One the manifest vouches for, whose
 * renditions are all there, is settled; the rest are the work of steps 2–3.
 */
async function locateSources(
  sources: readonly string[],
  options: ImageStageOptions,
  roots: { articles: string; static: Awaited<ReturnType<typeof staticFolder>> },
  manifest: ImageManifest,
  plansOf: PlansOf,
  present: (name: string) => boolean,
): Promise<{ outcomes: Map<string, Outcome>; work: Located[] }> {
  const outcomes = new Map<string, Outcome>();
  const work: Located[] = [];
  for (const item of await mapLimit(sources, 32, (source) =>
    isSiteRootSource(source)
      ? locateSiteRoot(source, options, roots.static, manifest)
      : locate(source, options, roots.articles, manifest),
  )) {
    if ('message' in item) {
      outcomes.set(item.source, { ok: false, message: item.message });
      continue;
    }
    const plans = item.cached && plansOf(item.cached, item.source);
    // `check` encodes nothing, so there a known source is settled even with renditions missing.
    if (item.cached && plans && (options.dryRun || distinctRenditions(plans).every((p) => present(p.name)))) {
      outcomes.set(item.source, { ok: true, record: item.cached, plans });
    } else work.push(item);
  }
  return { outcomes, work };
}

/** What steps 2–3 share: the stage's settings and what is known of out/images, kept up to date as files are written. */
interface EncodeRun {
  options: ImageStageOptions;
  imagesDir: string;
  settings: RenditionSettings;
  plansOf: PlansOf;
  present: (name: string) => boolean;
  sizes: Map<string, number>;
  facts: Map<string, RenditionFacts>;
  stats: ImageStats;
  /** Rendition names written by this build. */
  written: Set<string>;
}

/** Steps 2–3: read, plan and encode each source in `work`, its outcome put in `outcomes`. */
async function encodeChanged(work: readonly Located[], run: EncodeRun, outcomes: Map<string, Outcome>): Promise<void> {
  const { options, imagesDir } = run;
  const limits: InputLimits = { maxInputPixels: options.images.maxInputPixels };
  // A source's renditions are written aside as soon as they are encoded, by the thread that
  // encoded them or by the writer thread (image-thread.ts), while the other sources encode;
  // few are in flight, so memory stays bounded. They are made durable and renamed into place
  // in groups (rendition-publisher.ts).
  const writer = new RenditionWriter();
  const publisher = new RenditionPublisher(writer, imagesDir, async (names) => {
    // Recorded as presswire's before any appears: a build stopped after a rename still
    // leaves its name for the next build to clean up (manifest.ts, the journal).
    await beforePublishing();
    await appendJournal(options.stateDir, names);
  });
  if (work.length > 0) writer.start();
  const concurrency = options.concurrency ?? availableParallelism();
  const reader = new SourceReader(concurrency);
  const publish = (aside: FilesAside, bytes: number, made: readonly PublishedRendition[]): Promise<void> =>
    publisher.add(aside, bytes, recordWhenPublished(run, made));
  let done = 0;
  if (work.length > 0) options.onProgress?.(0, work.length);
  let encoder: ImageEncoder | undefined;
  try {
    const context = {
      ...run,
      limits,
      reader,
      publish,
      encoder: (encoder = await imageEncoder(work.length, concurrency, writer)),
    };
    await mapLimit(work, concurrency, async (item) => {
      options.signal?.throwIfAborted();
      const planFor = (record: SourceRecord) => run.plansOf(record, item.source);
      const outcome = await processSource(item, context, planFor);
      outcomes.set(item.source, outcome);
      options.onProgress?.(++done, work.length);
    });
    await publisher.finish();
  } catch (error) {
    // Stopped or failed: what was written whole is still published (the next build reuses
    // it by name) before giving up.
    await publisher.finish().catch(() => undefined);
    throw error;
  } finally {
    // After a failure or a stop request the other sources' encodes may still be running: close() waits for them.
    await encoder?.close();
    await writer.close();
  }
}

/** A rendition written aside: its name, its length in bytes, and what the manifest records of it. */
interface PublishedRendition {
  name: string;
  length: number;
  facts: RenditionFacts;
}

/**
 * What the stage learns of a batch once it is in place. Made here, apart from the encoded
 * bytes: a closure made beside them would keep them alive until its group is published.
 */
function recordWhenPublished(run: EncodeRun, made: readonly PublishedRendition[]): () => void {
  return () => {
    for (const { name, length, facts } of made) {
      run.written.add(name);
      run.sizes.set(name, length);
      run.facts.set(name, facts);
    }
  };
}

/**
 * The image table the feeds read, in job order, pure: each use of a source that worked
 * gets its renditions; a source that failed gets its message; an animated one, a warning.
 * `referenced` names every rendition in use; `renditions` counts them.
 */
export function imageTable(
  sources: readonly string[],
  outcomes: ReadonlyMap<string, Outcome>,
  siteUrl: string,
  sizes: ReadonlyMap<string, number>,
): {
  table: ImageTable;
  failures: Map<string, string>;
  warnings: Map<string, string>;
  referenced: Set<string>;
  renditions: number;
} {
  const table = new Map<string, ImageRenditions>();
  const failures = new Map<string, string>();
  const warnings = new Map<string, string>();
  const referenced = new Set<string>();
  let renditions = 0;
  for (const source of sources) {
    const outcome = outcomes.get(source);
    if (!outcome) continue;
    if (!outcome.ok) {
      failures.set(source, outcome.message);
      continue;
    }
    if (outcome.record.animated) warnings.set(source, ANIMATED_WARNING);
    const distinct = distinctRenditions(outcome.plans);
    renditions += distinct.length;
    for (const p of distinct) referenced.add(p.name);
    for (const [key, use] of outcome.plans) table.set(key, tableEntry(source, outcome.record, use, siteUrl, sizes));
  }
  return { table, failures, warnings, referenced, renditions };
}

/** One use of a source as the feeds see it: its renditions' URLs and lengths, and its rights. */
function tableEntry(
  source: string,
  record: SourceRecord,
  { resolved, plan }: UsePlan,
  siteUrl: string,
  sizes: ReadonlyMap<string, number>,
): ImageRenditions {
  return {
    source,
    width: record.width,
    height: record.height,
    renditions: plan.map((p) => ({
      url: new URL(`images/${p.name}`, siteUrl).href,
      width: p.width,
      height: p.height,
      format: p.format,
      mimeType: FORMAT_INFO[p.format].mimeType,
      // In `check` a rendition not made yet has no length; nothing is published then.
      bytes: sizes.get(p.name) ?? 0,
    })),
    rights: resolved.rights,
    ...(resolved.creditFromSource ? { creditFromSource: true } : {}),
  };
}

/** Realpath inside articles/, a regular file, within the byte limit; the manifest's record if unchanged. */
async function locate(
  source: string,
  options: ImageStageOptions,
  root: string,
  manifest: ImageManifest,
  file = path.join(options.articlesDir, source),
  folder = 'the articles folder',
): Promise<Located | { source: string; message: string }> {
  const fail = (message: string) => ({ source, message });
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return fail('expected an image file but there is no file at this path');
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    return fail(`expected an image inside ${folder} but the path leads outside it (through a symbolic link)`);
  }
  const info = await stat(real).catch(() => undefined);
  if (!info) return fail('expected an image file but there is no file at this path');
  if (!info.isFile()) return fail('expected an image file but this is not a regular file');
  const limit = options.images.maxInputBytes;
  if (info.size > limit) {
    return fail(
      `expected an image file of at most ${mib(limit)} but received ${mib(info.size)} (images.maxInputBytes)`,
    );
  }
  const record = manifest.sources[source];
  const cached = record && record.size === info.size && record.mtimeMs === info.mtimeMs ? record : undefined;
  return { source, file: real, size: info.size, mtimeMs: info.mtimeMs, ...(cached ? { cached } : {}) };
}

/** A site-root path in the `static` folder: located like an article's image, confined to that folder. */
async function locateSiteRoot(
  source: string,
  options: ImageStageOptions,
  staticRoot: { real: string; dir: string } | { message: string } | undefined,
  manifest: ImageManifest,
): Promise<Located | { source: string; message: string }> {
  if (!staticRoot) {
    return { source, message: 'expected a path relative to the article file, not an absolute path' };
  }
  if ('message' in staticRoot) return { source, message: staticRoot.message };
  const inside = staticPath(source, options.siteUrl);
  return locate(source, options, staticRoot.real, manifest, path.join(staticRoot.dir, inside), 'the static folder');
}

/**
 * Read once, hash, probe (unless the hash is known), plan, and encode the missing
 * renditions from one decode. A source that cannot be read or decoded is an outcome; a
 * rendition that cannot be written (a full disk) stops the build.
 */
async function processSource(
  item: Located,
  context: SourceContext,
  planFor: (record: SourceRecord) => Map<string, UsePlan>,
): Promise<Outcome> {
  const { options, limits, present, stats } = context;
  let bytes: Buffer;
  let release: () => void;
  try {
    ({ bytes, release } = await context.reader.read(item.file, options.images.maxInputBytes));
  } catch (error) {
    return {
      ok: false,
      message: `expected a readable image file but reading it failed (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  stats.sourceBytesRead += bytes.length;
  try {
    if (bytes.length > options.images.maxInputBytes) {
      throw new ImageInputError(
        `expected an image file of at most ${mib(options.images.maxInputBytes)} but received ${mib(bytes.length)}`,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = item.cached?.sha256 === sha256 ? item.cached : undefined;
    const facts = known ?? { sha256, ...(await context.encoder.probe(bytes, limits)) };
    const record: SourceRecord = {
      size: item.size,
      mtimeMs: item.mtimeMs,
      sha256,
      width: facts.width,
      height: facts.height,
      format: facts.format,
      ...(facts.animated ? { animated: true } : {}),
      ...(facts.embedded ? { embedded: facts.embedded } : {}),
    };
    const plans = planFor(record);
    const plan = distinctRenditions(plans);
    const refusal = unplannable(record, plan);
    if (refusal !== undefined) throw new ImageInputError(refusal);
    // Every use of a source plans the same widths: the widest is the base of them all.
    const base = plan.reduce<{ width: number; height: number }>(
      (widest, p) => (p.width > widest.width ? p : widest),
      plan[0] ?? record,
    );
    if (options.dryRun) {
      if (!known) await context.encoder.verifyDecodes(bytes, base, limits);
    } else {
      const missing = plan.filter((p) => !present(p.name));
      if (missing.length > 0) await encodeAndPublish(bytes, base, missing, context);
    }
    return { ok: true, record, plans };
  } catch (error) {
    if (error instanceof ImageInputError) return { ok: false, message: error.message };
    throw error;
  } finally {
    // sharp is done with the bytes: every call that reads them has been awaited.
    release();
  }
}

/**
 * Encodes `missing` from one decode of `bytes`, writes each rendition aside, and hands them
 * to be published with their group. An image's own failure throws ImageInputError (nothing
 * of it is left written aside); a failure to write, the file's.
 */
async function encodeAndPublish(
  bytes: Buffer,
  base: { width: number; height: number },
  missing: readonly PlannedRendition[],
  context: SourceContext,
): Promise<void> {
  const { encoder, settings, limits, stats } = context;
  let encodes = 0;
  const aside = await FilesAside.write(
    context.imagesDir,
    missing.map(({ name }) => name),
    async (temporaries) => {
      const made = await encoder.encodeAside(bytes, base, missing, settings, limits, temporaries);
      encodes = made.encodes;
      return made.written;
    },
  );
  // Added after the await: other sources add to the count meanwhile.
  stats.encoded += encodes;
  const made = missing.map(({ name }, index) => {
    const { size, mtimeMs, sha256 } = aside.written[index] as WrittenAside;
    return { name, length: size, facts: { mtimeMs, sha256 } };
  });
  await context.publish(
    aside,
    made.reduce((sum, { length }) => sum + length, 0),
    made,
  );
}

/** What processSource needs of the stage besides its source. */
interface SourceContext extends EncodeRun {
  limits: InputLimits;
  /** Where sharp runs (image-thread.ts). */
  encoder: ImageEncoder;
  reader: SourceReader;
  /** Hands a source's renditions written aside, `bytes` in all, to be published with their group. */
  publish: (aside: FilesAside, bytes: number, made: readonly PublishedRendition[]) => Promise<void>;
}

/**
 * Every file in out/images with its length, and what is known of how it was written. One
 * stat per file, many at once (no bytes read): a rendition whose size and mtime are as the
 * manifest recorded is intact. One whose stat moved is read and hashed only when its size is
 * still right; a rendition that is missing or not what was written (drift: truncated,
 * replaced) is left out, so that it is made again, and reported. Hidden files are not
 * renditions: they are temporary files of a write in progress or of a killed build
 * (publish/atomic-write.ts names and sweeps them).
 * A file the manifest does not record is not presswire's unless a stopped build journaled it:
 * retire() leaves it alone.
 */
async function listImagesDir(
  dir: string,
  manifest: ImageManifest,
): Promise<{ sizes: Map<string, number>; facts: Map<string, RenditionFacts>; drifted: Map<string, Drift> }> {
  const sizes = new Map<string, number>();
  const facts = new Map<string, RenditionFacts>();
  const drifted = new Map<string, Drift>();
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const listed = new Set<string>();
  await mapLimit(entries, 64, async (entry) => {
    if (!entry.isFile() || entry.name.startsWith('.')) return;
    listed.add(entry.name);
    const file = path.join(dir, entry.name);
    const info = await stat(file);
    const record = manifest.renditions[entry.name];
    let sha256 = record?.sha256;
    if (record?.mtimeMs !== undefined && (info.size !== record.bytes || info.mtimeMs !== record.mtimeMs)) {
      const bytes = info.size === record.bytes ? await readFile(file).catch(() => undefined) : undefined;
      if (!bytes || sha256Of(bytes) !== record.sha256) {
        drifted.set(entry.name, 'changed');
        return;
      }
    }
    if (record?.mtimeMs === undefined) sha256 = undefined;
    sizes.set(entry.name, info.size);
    facts.set(entry.name, { mtimeMs: info.mtimeMs, ...(sha256 === undefined ? {} : { sha256 }) });
  });
  for (const name of Object.keys(manifest.renditions)) if (!listed.has(name)) drifted.set(name, 'missing');
  return { sizes, facts, drifted };
}

/** How a rendition in out/images was written, for the manifest. */
interface RenditionFacts {
  mtimeMs: number;
  sha256?: string;
}

interface RetireInput {
  previous: ImageManifest;
  next: ImageManifest;
  referenced: ReadonlySet<string>;
  /** Names a stopped build made and never recorded (manifest.ts, the journal). */
  journaled: ReadonlySet<string>;
  /** How each listed rendition was written (listImagesDir), kept in the manifest against drift. */
  facts: ReadonlyMap<string, RenditionFacts>;
}

/**
 * Renditions no longer referenced stay for `images.graceDays` after the first build that
 * stopped referencing them, then go (SPEC §5). Only what presswire made is ever removed:
 * a file the manifest records, or one a stopped build journaled and never published
 * (removed at once). Any other file in out/images is someone else's: it stays, and is
 * reported once.
 */
async function retire(
  dir: string,
  sizes: ReadonlyMap<string, number>,
  { previous, next, referenced, journaled, facts }: RetireInput,
  options: ImageStageOptions,
): Promise<{ removed: number; foreign: string[] }> {
  let removed = 0;
  const reported = new Set(previous.foreign ?? []);
  const foreign: string[] = [];
  const seenForeign: string[] = [];
  for (const [name, bytes] of sizes) {
    const recorded = previous.renditions[name];
    if (!referenced.has(name) && !recorded) {
      if (journaled.has(name)) {
        await beforePublishing();
        await unlink(path.join(dir, name)).catch(() => undefined);
        removed += 1;
      } else {
        seenForeign.push(name);
        if (!reported.has(name)) foreign.push(name);
      }
      continue;
    }
    const decision = retention(
      referenced.has(name),
      recorded?.unreferencedSince,
      options.now,
      options.images.graceDays,
    );
    if (decision.keep) {
      next.renditions[name] = {
        bytes,
        ...facts.get(name),
        ...(decision.unreferencedSince === undefined ? {} : { unreferencedSince: decision.unreferencedSince }),
      };
    } else {
      await beforePublishing();
      await unlink(path.join(dir, name)).catch(() => undefined);
      removed += 1;
    }
  }
  if (seenForeign.length > 0) next.foreign = seenForeign;
  return { removed, foreign: foreign.sort() };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
