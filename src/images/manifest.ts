import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeIfChanged } from '../publish/atomic-write.js';
import { readRecordFile } from '../publish/record-file.js';

/**
 * The images manifest (I/O): what earlier builds learned, so that a rebuild with nothing
 * changed reads no source image and encodes nothing. It lives beside the build
 * state, `<state>/images.json`, never in out/, and is written atomically and only when it
 * changed (a no-op build leaves it byte-identical).
 *
 * It is a cache of facts about files, never the only copy of anything: a missing or
 * unreadable manifest costs one re-read of every source (renditions already in out/images
 * are trusted by name, since names are content-addressed and written whole), never a
 * wrong picture.
 */

/** 2: sources record the rights embedded in them (an older manifest would say they have none). */
export const MANIFEST_VERSION = 2;

const sourceRecord = z.object({
  /** Size and mtime of the source when it was last read: unchanged → not read again. */
  size: z.number(),
  mtimeMs: z.number(),
  sha256: z.string(),
  /** Orientation-corrected size. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  animated: z.boolean().optional(),
  /** Creator, credit and copyright embedded in the source (images/embedded-rights.ts). */
  embedded: z
    .object({ creator: z.string().optional(), credit: z.string().optional(), copyright: z.string().optional() })
    .optional(),
});

const renditionRecord = z.object({
  /** Byte length as written (the feeds' enclosure lengths), so a rebuild needs no stat per rendition. */
  bytes: z.number().int().nonnegative(),
  /**
   * Its mtime and sha256 as written, so that a rendition changed behind presswire's back
   * (drift: truncated, replaced) is found by a stat and made again. Absent in older manifests.
   */
  mtimeMs: z.number().optional(),
  sha256: z.string().optional(),
  /** The first build that no longer referenced it (epoch ms); absent while referenced. */
  unreferencedSince: z.number().optional(),
});

const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  /** Source path (relative to the articles root) → what its bytes were. */
  sources: z.record(z.string(), sourceRecord),
  /**
   * Rendition file name in out/images → its record. The only files presswire ever deletes
   * from out/images are named here (or in the journal below, never published): anything
   * else there is someone else's (docs/operations.md, "How a build stays safe, and why").
   */
  renditions: z.record(z.string(), renditionRecord),
  /** Files in out/images that presswire did not make, already reported once (so not on every build). */
  foreign: z.array(z.string()).optional(),
});

export type SourceRecord = z.infer<typeof sourceRecord>;
export type RenditionRecord = z.infer<typeof renditionRecord>;
export type ImageManifest = z.infer<typeof manifestSchema>;

export function emptyManifest(): ImageManifest {
  return { version: MANIFEST_VERSION, sources: {}, renditions: {} };
}

export function manifestFile(stateDir: string): string {
  return path.join(stateDir, 'images.json');
}

/** A missing, unreadable or older manifest is an empty one (see above: it is only a cache). */
export async function readManifest(stateDir: string): Promise<ImageManifest> {
  return readRecordFile(
    manifestFile(stateDir),
    (data) => {
      const parsed = manifestSchema.safeParse(data);
      return parsed.success ? parsed.data : undefined;
    },
    emptyManifest(),
  );
}

export async function writeManifest(stateDir: string, manifest: ImageManifest): Promise<void> {
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const foreign = manifest.foreign && manifest.foreign.length > 0 ? { foreign: [...manifest.foreign].sort() } : {};
  const text = JSON.stringify(
    {
      version: manifest.version,
      sources: sorted(manifest.sources),
      renditions: sorted(manifest.renditions),
      ...foreign,
    },
    null,
    1,
  );
  await writeIfChanged(manifestFile(stateDir), `${text}\n`);
}

/**
 * The journal of renditions being made (`<state>/images.journal`, one name a line): each
 * name is appended before its file is renamed into out/images, and the journal is removed
 * once the manifest records the stage's outcome, which the build does as it starts
 * publishing its feeds (index.ts, `record`). A build stopped in between (killed, failed, or
 * stopped because another build took its lock over) leaves the names of files it made but
 * never published in a feed: the next build knows them as presswire's and removes the
 * ones it does not use at once, with no grace period (no partner can have fetched them).
 */
export function journalFile(stateDir: string): string {
  return path.join(stateDir, 'images.journal');
}

export async function readJournal(stateDir: string): Promise<Set<string>> {
  const text = await readFile(journalFile(stateDir), 'utf8').catch(() => '');
  return new Set(text.split('\n').filter((name) => name !== ''));
}

export async function appendJournal(stateDir: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await mkdir(stateDir, { recursive: true });
  await appendFile(journalFile(stateDir), `${names.join('\n')}\n`);
}

export async function removeJournal(stateDir: string): Promise<void> {
  await rm(journalFile(stateDir), { force: true });
}
