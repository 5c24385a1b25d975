import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StateError } from '../errors.js';
import type { FeedState } from '../feeds/plan.js';
import { writeGeneration } from './generations.js';

/**
 * What the feed sets remember between builds, in `<state>/feeds.json`, beside
 * the build state and never published:
 *
 * - `archive`: the archive slot list, entry ids in the order they were first syndicated
 *   (feeds/archive.ts). Append-only: a page's contents depend on it, so losing the file
 *   re-pages the archive in publication order (the pages of a history without backdated
 *   articles come out the same).
 * - `slugs`: facet name → slug, per kind (feeds/slug.ts). Kept so that the first name to
 *   claim a slug keeps it when a colliding name ("Café" after "cafe") appears later.
 *
 * Read and written only here; versioned; written atomically and only when its bytes change.
 */

export const FEED_STATE_VERSION = 1;

const registry = z.record(z.string(), z.string());
const schema = z.object({
  version: z.literal(FEED_STATE_VERSION),
  archive: z.array(z.string()),
  slugs: z.object({ sections: registry, tags: registry, authors: registry }),
});

export function emptyFeedState(): FeedState {
  return { version: FEED_STATE_VERSION, archive: [], slugs: { sections: {}, tags: {}, authors: {} } };
}

export function feedStateFile(stateDir: string): string {
  return path.join(stateDir, 'feeds.json');
}

/** A missing file is a first build; an unreadable one is an error, because guessing would re-page the archive. */
export async function readFeedState(stateDir: string): Promise<FeedState> {
  const file = feedStateFile(stateDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyFeedState();
    throw new StateError(`${file}: cannot read the feed state: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StateError(
      `${file}: expected JSON but ${(error as Error).message}; move the file aside to start afresh (the archive is then re-paged in publication order)`,
      { cause: error },
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new StateError(
      `${file}: expected presswire feed state version ${FEED_STATE_VERSION} but received something else; move the file aside to start afresh (the archive is then re-paged in publication order)`,
    );
  }
  return parsed.data;
}

/** `data` as the feed state, or why it is not one (publish/generations.ts). */
export function parseFeedStateData(data: unknown): FeedState | string {
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : `not feed state version ${FEED_STATE_VERSION}`;
}

export async function writeFeedState(stateDir: string, state: FeedState, keepPrevious = false): Promise<void> {
  const sorted = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const data = {
    version: state.version,
    // Order is meaning here (slot positions): never sorted.
    archive: state.archive,
    slugs: {
      sections: sorted(state.slugs.sections),
      tags: sorted(state.slugs.tags),
      authors: sorted(state.slugs.authors),
    },
  };
  await writeGeneration(feedStateFile(stateDir), `${JSON.stringify(data, null, 1)}\n`, {
    keepPrevious,
    ifChanged: true,
  });
}
