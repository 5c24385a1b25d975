import type { Diagnostic } from '../diagnostics.js';
import type { Entry } from '../model.js';
import type { EntryRecord } from './history.js';

/**
 * Kept entries (pure): a published article that is now invalid (a bad edit to its front
 * matter, a broken image) does not silently vanish from the feeds. Its last good entry, as
 * the last build published it, stays until the article is fixed, and the build fails.
 */
export function keptEntries(input: {
  records: Readonly<Record<string, EntryRecord>>;
  failedSources: ReadonlySet<string>;
  /** Entries this build made: an id among them is not kept again. */
  entries: readonly Entry[];
  /** The window the last build published, by id (publish/state.ts, last-good.json). */
  lastGood: ReadonlyMap<string, Entry>;
  displayPath: (sourcePath: string) => string;
}): { entries: Entry[]; diagnostics: Diagnostic[] } {
  const seen = new Set(input.entries.map((entry) => entry.id));
  const entries: Entry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [id, record] of Object.entries(input.records)) {
    if (record.sourcePath === undefined || !input.failedSources.has(record.sourcePath)) continue;
    const entry = input.lastGood.get(id);
    if (!entry || seen.has(id) || record.withdrawnAt !== undefined) continue;
    entries.push(entry);
    diagnostics.push({
      severity: 'error',
      file: input.displayPath(record.sourcePath),
      message: `expected a valid article to update the published entry ${id} but received one with errors; the feeds keep its last good entry (modified ${new Date(entry.modified).toISOString()}) until it is fixed`,
    });
  }
  return { entries, diagnostics };
}
