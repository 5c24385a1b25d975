import path from 'node:path';
import { z } from 'zod';
import type { FeedState } from '../feeds/plan.js';
import { writeGeneration, type GenerationMemory } from './generations.js';

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
 * Written only here, read through publish/state-recovery.ts (readGenerations with
 * parseFeedStateData); versioned; written atomically and only when its bytes change.
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

/** `data` as the feed state, or why it is not one (publish/generations.ts). */
export function parseFeedStateData(data: unknown): FeedState | string {
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : `not feed state version ${FEED_STATE_VERSION}`;
}

export async function writeFeedState(
  stateDir: string,
  state: FeedState,
  keepPrevious = false,
  memory?: GenerationMemory,
): Promise<void> {
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
    // What parseFeedStateData gives for these bytes (the schema keeps every field as written).
    remember: memory && { memory, value: data },
  });
}
