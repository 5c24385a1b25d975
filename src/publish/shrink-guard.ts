import path from 'node:path';
import type { EntryRecord } from '../entries/history.js';
import { ShrinkRefusedError } from '../errors.js';
import { writeIfChanged } from './atomic-write.js';
import { readRecordFile } from './record-file.js';

/**
 * A vanished archive is not a publication (docs/refusals.md, "Folders, vanished archives and
 * oversized images"): an unmounted network share looks exactly like an empty articles folder,
 * and publishing it would empty every feed. So a build that finds no article, or whose
 * published entries would fall by more than `publish.maxShrink` (a share, default one half)
 * since the last build, publishes nothing and exits 65. `--allow-shrink` (or
 * `publish.maxShrink: 1`) lets an intended mass withdrawal through.
 */

export interface ShrinkInput {
  /** Article files found this build. */
  articleFiles: number;
  /** Entries the last build published, or undefined when unknown (first build, lost state). */
  previous: number | undefined;
  /** Entries this build would publish. */
  next: number;
  /** Largest share of the published entries one build may remove (0–1). */
  maxShrink: number;
  allowShrink: boolean;
  /** The articles folder as shown in messages. */
  articlesFolder: string;
}

/** Why the build must not publish, or undefined (pure). */
export function shrinkRefusal(input: ShrinkInput): string | undefined {
  if (input.allowShrink || input.maxShrink >= 1 || !input.previous) return undefined;
  const how = 'nothing was published; if this is intended, run again with --allow-shrink';
  if (input.articleFiles === 0) {
    return `${input.articlesFolder}: expected articles but the folder holds none (an unmounted share looks like this), while the last build published ${input.previous} entries; ${how}`;
  }
  const floor = input.previous * (1 - input.maxShrink);
  if (input.next >= floor) return undefined;
  const share = Math.round((1 - input.next / input.previous) * 100);
  return `${input.articlesFolder}: expected at most ${Math.round(input.maxShrink * 100)}% fewer published entries than the last build (publish.maxShrink) but received ${input.next} instead of ${input.previous} (${share}% fewer); ${how}`;
}

export function refuseShrink(input: ShrinkInput): void {
  const reason = shrinkRefusal(input);
  if (reason !== undefined) throw new ShrinkRefusedError(reason);
}

export interface ShrinkCheck {
  stateDir: string;
  /** The state's records by entry id. */
  records: Readonly<Record<string, EntryRecord>>;
  /** Source paths of the articles that failed this build: their published entries are kept. */
  failedSources: ReadonlySet<string>;
  articleFiles: number;
  /** Entries syndicated this build. */
  syndicated: number;
  maxShrink: number;
  allowShrink: boolean;
  articlesFolder: string;
}

/**
 * Checked before any file is touched, so not even a rendition is retired because of a
 * vanished archive. Throws ShrinkRefusedError.
 */
export async function guardShrink(check: ShrinkCheck): Promise<void> {
  refuseShrink(shrinkInputOf(check, await readPublishedCount(check.stateDir)));
}

/**
 * The guard's figures (pure): entries kept from failed articles still count as published,
 * and before any build recorded its count, the state's records stand for it when nothing is left.
 */
export function shrinkInputOf(check: Omit<ShrinkCheck, 'stateDir'>, previousCount: number | undefined): ShrinkInput {
  let failedPublished = 0;
  let recordedPublished = 0;
  for (const record of Object.values(check.records)) {
    if (record.withdrawnAt !== undefined) continue;
    recordedPublished += 1;
    if (record.sourcePath !== undefined && check.failedSources.has(record.sourcePath)) failedPublished += 1;
  }
  return {
    articleFiles: check.articleFiles,
    previous: previousCount ?? (check.articleFiles === 0 ? recordedPublished : undefined),
    next: check.syndicated + failedPublished,
    maxShrink: check.maxShrink,
    allowShrink: check.allowShrink,
    articlesFolder: check.articlesFolder,
  };
}

function file(stateDir: string): string {
  return path.join(stateDir, 'published-count.json');
}

/** How many entries the last build published; undefined when no build recorded it. */
export async function readPublishedCount(stateDir: string): Promise<number | undefined> {
  return readRecordFile(
    file(stateDir),
    (data) => {
      const { entries } = data as { entries?: unknown };
      return typeof entries === 'number' && Number.isInteger(entries) && entries >= 0 ? entries : undefined;
    },
    undefined,
  );
}

export async function writePublishedCount(stateDir: string, entries: number): Promise<void> {
  await writeIfChanged(file(stateDir), `${JSON.stringify({ entries })}\n`);
}
