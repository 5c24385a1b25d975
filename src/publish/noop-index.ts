import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildSummary } from '../build.js';
import { outputFolders } from '../config/folders.js';
import { parseConfigText } from '../config/parse-text.js';
import type { ResolvedConfig } from '../config/schema.js';
import { configEnvironment, configFileOf, type ConfigOverrides } from '../config/source.js';
import { AUTHOR_FILES } from '../load/adoption.js';
import { writeFileAtomic } from './atomic-write.js';
import { fingerprint, type Fingerprint } from './noop-fingerprint.js';
import { holderPath, lockPath } from './lock.js';
import { statusFile } from './status.js';
import { nextRenditionRemoval } from './timed-changes.js';

/**
 * The no-op index, `<state>/noop-index.json` (docs/operations.md, "Where state and status
 * live"): what a build that changed nothing saw, so that the next build can tell in one
 * listing and one stat per file that it has nothing to do either, and print the same summary
 * without reading the article cache.
 *
 * It is written only at the end of a build that changed no file at all, in out/ or in the
 * state folder, and during which no watched file changed (by change time): the world after that
 * build is the world before it, so a build started on the same files gives the same result
 * (SPEC §5, deterministic). It holds
 *   - a key: the resolved config, the working folder (diagnostics name files from it), TZ,
 *     `--allow-shrink`, Node's version and the identity of presswire's own code;
 *   - one digest of the identity of every file in the articles folder, the static folder,
 *     out/ and the state folder (but the status file and this index), and of the author data
 *     files (publish/noop-fingerprint.ts);
 *   - the span of build times over which nothing time-driven changes (publish/timed-changes.ts);
 *   - that build's summary.
 * Anything else (no index, a damaged one, any difference) means a full build, which deletes
 * the index before it starts and may write a new one at its end.
 */

const INDEX_FILE = 'noop-index.json';
const INDEX_VERSION = 1;
/**
 * A file that changed less than this before the build started (or while it ran) makes the
 * build write no index: the file system's clock is coarse (a few milliseconds; a second or
 * two on some file systems), so a change made just then could carry the same times as the
 * files the build read.
 */
const SETTLE_MS = 1_000;
/**
 * The same for presswire's own files (out/, the state folder), which it writes as new files
 * or replaces by rename (a new inode each time) or appends to (a new size): the previous
 * build's writes, however recent, cannot be mistaken for one another. What is still ruled
 * out is a change while this build ran, whose change time the coarse clock may put a tick
 * before the build's start. So the first rebuild after a build that wrote files can leave
 * the index.
 */
const OWN_SETTLE_MS = 50;

export interface NoopIndex {
  version: number;
  key: string;
  files: string;
  /** Build times in [from, until) give this summary; until null: no time-driven change is pending. */
  from: number;
  until: number | null;
  summary: BuildSummary;
  /**
   * The config that build resolved, and what it was resolved from (the config file's text,
   * the overrides, the environment): a run with the same sources uses it to find and ask
   * the index without loading the config schema. Absent for a config given as an object.
   */
  config?: { source: string; resolved: ResolvedConfig };
}

export interface NoopContext {
  /** Where the config came from; absent for a config given as an object (the library). */
  overrides?: ConfigOverrides;
  config: ResolvedConfig;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The build's "now". */
  now: number;
  allowShrink: boolean;
}

export function noopIndexFile(stateDir: string): string {
  return path.join(stateDir, INDEX_FILE);
}

/** The summary of the last build when this one has nothing to do, else why not (for tests and debugging). */
export async function answerFromNoopIndex(
  context: NoopContext,
  read?: NoopIndex,
): Promise<{ summary: BuildSummary } | { miss: string }> {
  const index = read ?? (await readIndex(context.config.stateDir));
  if (index === undefined) return { miss: 'no readable index' };
  if (index.key !== keyOf(context)) return { miss: 'the config, the working folder or presswire changed' };
  if (context.now < index.from || (index.until !== null && context.now >= index.until)) {
    return { miss: 'a time-driven change is due (or the clock went back)' };
  }
  let seen: Fingerprint;
  try {
    seen = watchedFiles(context);
  } catch {
    return { miss: 'a watched folder cannot be listed' };
  }
  if (seen.digest !== index.files) return { miss: 'a file changed' };
  return { summary: index.summary };
}

/** Before a full build: the index no longer speaks for what the folders will hold. */
export async function forgetNoopIndex(stateDir: string): Promise<void> {
  await unlink(noopIndexFile(stateDir)).catch(() => undefined);
}

/**
 * After a full build: writes the index when the build changed nothing and nothing changed
 * under it. `startedAt`: the wall-clock time the build started (clock.ts wallTime). Returns
 * whether it wrote one.
 */
export async function rememberNoop(context: NoopContext, summary: BuildSummary, startedAt: number): Promise<boolean> {
  // What the summary already shows as changed needs no listing.
  if (summary.written.length > 0 || summary.repaired.length > 0 || summary.recovered.length > 0) return false;
  if (summary.articleFiles.read > 0 || summary.images.encoded > 0 || summary.images.removed > 0) return false;
  // Read before the files are stat-ed: a config changed since the build read it is then a recent change.
  const source = context.overrides && (await configSource(context.overrides, context.env, context.cwd));
  const seen = watchedFiles(context);
  if (seen.newestChangeMs >= startedAt - SETTLE_MS || seen.newestOwnChangeMs >= startedAt - OWN_SETTLE_MS) return false;
  const until = earliest(summary.nextTimedChange, await renditionRemoval(context));
  const index: NoopIndex = {
    version: INDEX_VERSION,
    key: keyOf(context),
    files: seen.digest,
    from: context.now,
    until: until ?? null,
    summary,
    ...(source ? { config: { source: source.key, resolved: context.config } } : {}),
  };
  await writeFileAtomic(noopIndexFile(context.config.stateDir), JSON.stringify(index));
  return true;
}

/**
 * The config of the build that wrote the index, when this run's config sources (file text,
 * overrides, environment) are the ones it was resolved from, and that index: both undefined
 * otherwise. Reads the config file and the index; loads no schema.
 */
export async function rememberedConfig(
  overrides: ConfigOverrides,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ config: ResolvedConfig; index: NoopIndex } | undefined> {
  const source = await configSource(overrides, env, cwd);
  if (source === undefined) return undefined;
  const { out = 'out', state } = source.raw;
  if (typeof out !== 'string' || (state !== undefined && typeof state !== 'string')) return undefined;
  const { stateDir } = outputFolders(
    { out, state },
    path.dirname(source.file),
    overrides.out ?? env.PRESSWIRE_OUT,
    cwd,
  );
  const index = await readIndex(stateDir);
  const remembered = index?.config;
  if (remembered?.source !== source.key || remembered.resolved.stateDir !== stateDir) return undefined;
  return { config: remembered.resolved, index: index as NoopIndex };
}

/** The config file's text and everything else its resolution reads, as one key; undefined when it cannot be read or parsed. */
async function configSource(
  overrides: ConfigOverrides,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ key: string; file: string; raw: { out?: unknown; state?: unknown } } | undefined> {
  const file = configFileOf(overrides, cwd);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseConfigText(text);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return undefined;
  }
  const given = {
    configFile: overrides.configFile ?? null,
    articles: overrides.articles ?? null,
    out: overrides.out ?? null,
  };
  const key = createHash('sha256')
    .update(JSON.stringify({ text, given, env: configEnvironment(env), cwd }))
    .digest('hex');
  return { key, file, raw: parsed.value as { out?: unknown; state?: unknown } };
}

async function readIndex(stateDir: string): Promise<NoopIndex | undefined> {
  try {
    const data = JSON.parse(await readFile(noopIndexFile(stateDir), 'utf8')) as Partial<NoopIndex> | null;
    if (
      data?.version !== INDEX_VERSION ||
      typeof data.key !== 'string' ||
      typeof data.files !== 'string' ||
      typeof data.from !== 'number' ||
      (data.until !== null && typeof data.until !== 'number') ||
      typeof data.summary !== 'object' ||
      data.summary === null
    ) {
      return undefined;
    }
    return data as NoopIndex;
  } catch {
    return undefined;
  }
}

/** Everything besides the files that a build's result depends on. */
function keyOf({ config, cwd, env, allowShrink }: NoopContext): string {
  return createHash('sha256')
    .update(
      JSON.stringify({ config, cwd, tz: env.TZ ?? null, allowShrink, node: process.version, code: codeIdentity() }),
    )
    .digest('hex');
}

/**
 * presswire's own code: this module's file, rewritten whenever presswire is installed or its
 * bundle is made again (scripts/build-dist.mjs empties dist/ first).
 */
function codeIdentity(): string {
  const stats = statSync(fileURLToPath(import.meta.url), { bigint: true });
  return `${stats.ino} ${stats.size} ${stats.mtimeNs}`;
}

function watchedFiles({ config, cwd }: NoopContext): Fingerprint {
  const root = config.configFile ? path.dirname(config.configFile) : cwd;
  const authorFiles = (config.input.authors ? [config.input.authors] : AUTHOR_FILES).map((file) =>
    path.resolve(root, file),
  );
  // What changes at every run without changing its result (the status file, the lock beside
  // out/, this index), and, in a static folder that holds the site's root (Jekyll's "."),
  // the folders walked on their own.
  const excluded = new Set([
    statusFile(config.stateDir),
    noopIndexFile(config.stateDir),
    lockPath(config.outDir),
    holderPath(config.outDir),
    config.articlesDir,
    config.outDir,
    config.stateDir,
  ]);
  return fingerprint(
    [
      { label: 'articles', folder: config.articlesDir },
      ...(config.staticDir ? [{ label: 'static', folder: config.staticDir }] : []),
      { label: 'out', folder: config.outDir, own: true },
      { label: 'state', folder: config.stateDir, own: true },
    ],
    [...authorFiles, ...(config.configFile ? [config.configFile] : [])],
    excluded,
  );
}

/** When the image stage would next remove a rendition whose grace period ended. */
async function renditionRemoval({ config, now }: NoopContext): Promise<number | undefined> {
  const { readManifest } = await import('../images/manifest.js');
  const manifest = await readManifest(config.stateDir);
  const since = Object.values(manifest.renditions).flatMap((record) =>
    record.unreferencedSince === undefined ? [] : [record.unreferencedSince],
  );
  return nextRenditionRemoval(since, config.images.graceDays, now);
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
