import type { Author, Tombstone } from '../model.js';
import { modifiedTime, withdrawalTime } from './entries.js';
import type { EntryRecord } from './history.js';
import type { Candidate } from './syndication.js';

/**
 * The RFC 6721 tombstone of each withdrawn article and its state record (pure): the
 * withdrawal's time comes from the article (entries/entries.ts, withdrawalTime), and the
 * tombstone keeps what the article was filed under, for the section, tag and author feeds and
 * its archive slot.
 */
export function withdrawnTombstones(
  withdrawn: readonly Candidate[],
  records: Readonly<Record<string, EntryRecord>>,
  now: number,
  siteAuthor: Author,
): { tombstones: Tombstone[]; records: [id: string, record: EntryRecord][] } {
  const tombstones: Tombstone[] = [];
  const updated: [string, EntryRecord][] = [];
  for (const { article, id, url } of withdrawn) {
    const previous = records[id];
    const when = withdrawalTime(article, previous?.withdrawnAt, now);
    updated.push([
      id,
      {
        ...(previous ?? { bodyHash: '', declaredModified: modifiedTime(article), modified: modifiedTime(article) }),
        withdrawnAt: when,
        sourcePath: article.sourcePath,
      },
    ]);
    tombstones.push({
      id,
      url,
      when,
      sourcePath: article.sourcePath,
      published: article.published,
      tags: article.tags,
      authors: article.authors.length > 0 ? article.authors : [siteAuthor],
      ...(article.section ? { section: article.section } : {}),
    });
  }
  return { tombstones, records: updated };
}
