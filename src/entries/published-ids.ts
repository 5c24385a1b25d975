import type { Diagnostic } from '../diagnostics.js';
import type { EntryRecord } from './history.js';

/**
 * An id, once published, never changes (SPEC §1) (pure). The derived id
 * (`tag:<site host>,<date>:<slug>`, identity.ts) moves when the site URL, the slug or the
 * publication date is edited; the state remembers, per article file, the id it was first
 * published under, and that id wins: the link moves, the id stays. An explicit `id:` edited
 * on a published article is an error, because the user asked for a new identity that the
 * feeds' subscribers would see as a new story; to start a new entry on purpose, the article
 * is withdrawn and a new file published.
 *
 * Keyed by the article's source path. A renamed file is matched by its id instead (the state
 * is keyed by id): it keeps its entry when its id does not change with the name (an explicit
 * `slug:` or `id:`), otherwise it is a new entry and the old file's entry is gone with it.
 */

/** The id each article file was first published under, by source path (relative to articles/). */
export function publishedIdsBySource(records: Readonly<Record<string, EntryRecord>>): Map<string, string> {
  // One map and no object per record: this runs over every record on every rebuild.
  const first = new Map<string, string>();
  const at = (record: EntryRecord) => record.firstPublished ?? record.withdrawnAt ?? Number.POSITIVE_INFINITY;
  for (const id in records) {
    const record = records[id] as EntryRecord;
    if (record.sourcePath === undefined) continue;
    const known = first.get(record.sourcePath);
    if (known === undefined) {
      first.set(record.sourcePath, id);
      continue;
    }
    // Several records for one file (ids changed before presswire remembered them): the
    // earliest published is the one partners hold.
    const knownAt = at(records[known] as EntryRecord);
    const recordAt = at(record);
    if (recordAt < knownAt || (recordAt === knownAt && id < known)) first.set(record.sourcePath, id);
  }
  return first;
}

export interface IdentifiedArticle {
  article: { id?: string | undefined };
  prepared: { id: string; sourcePath: string; lines: Partial<Record<'id', number>> };
  displayPath: string;
}

/**
 * Gives each article the id it was first published under. Returns the articles that may go
 * on (an edited explicit `id:` fails its article) and adds one info line per kept id and one
 * error per edited explicit id to `diagnostics`. Items whose id changes are replaced by a
 * copy; the others are returned as they are.
 */
export function keepPublishedIds<T extends IdentifiedArticle>(
  articles: readonly T[],
  published: ReadonlyMap<string, string>,
  diagnostics: Diagnostic[],
): { kept: T[]; failed: T[] } {
  const kept: T[] = [];
  const failed: T[] = [];
  for (const item of articles) {
    const first = published.get(item.prepared.sourcePath);
    const current = item.prepared.id;
    if (first === undefined || first === current) {
      kept.push(item);
      continue;
    }
    const line = item.prepared.lines.id;
    if (item.article.id !== undefined) {
      failed.push(item);
      diagnostics.push({
        severity: 'error',
        file: item.displayPath,
        ...(line === undefined ? {} : { line }),
        key: 'id',
        message: `expected the id this article was first published under, ${JSON.stringify(first)}, but received ${JSON.stringify(current)}: an id never changes once published (to start a new entry, withdraw this article and publish a new file)`,
      });
      continue;
    }
    diagnostics.push({
      severity: 'info',
      file: item.displayPath,
      key: 'id',
      message: `kept ${JSON.stringify(first)}, the id it was first published under; the site URL, slug or date would now make it ${JSON.stringify(current)} (the link moves, the id stays)`,
    });
    kept.push({ ...item, prepared: { ...item.prepared, id: first } });
  }
  return { kept, failed };
}
