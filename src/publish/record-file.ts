import { readFile } from 'node:fs/promises';

/**
 * Reads a state file a build can do without (a cache, a record of the last run): its value
 * when the file reads as JSON and `accept` takes it, else `fallback`. Missing, unreadable
 * and damaged are alike here: the build then redoes what the file would have saved, and
 * never stops for it. The history a build cannot do without (state.json, feeds.json,
 * last-good.json) is read by readGenerations (generations.ts) instead, which falls back to
 * the previous generation and says what it found.
 */
export async function readRecordFile<T>(
  file: string,
  accept: (data: unknown) => T | undefined,
  fallback: T,
): Promise<T> {
  try {
    return accept(JSON.parse(await readFile(file, 'utf8'))) ?? fallback;
  } catch {
    return fallback;
  }
}
