import type { Diagnostic } from '../diagnostics.js';
import type { ValidArticle } from '../load/load-articles.js';
import type { EntryRecord } from './history.js';
import { keepPublishedIds, publishedIdsBySource } from './published-ids.js';

/**
 * Settles every article's id (pure): once published, an article keeps its first id
 * (entries/published-ids.ts), and ids and slugs are unique across the whole newsroom.
 * The articles that fail either rule are left out with an error naming the file.
 */

export interface SettledIdentities {
  /** The articles that go on, in the order they were read. */
  unique: ValidArticle[];
  /** Source paths of the articles left out. */
  failedSources: string[];
  diagnostics: Diagnostic[];
}

export function settleIdentities(
  valid: readonly ValidArticle[],
  records: Readonly<Record<string, EntryRecord>>,
): SettledIdentities {
  const diagnostics: Diagnostic[] = [];
  const identified = keepPublishedIds(valid, publishedIdsBySource(records), diagnostics);
  const failedSources = identified.failed.map((item) => item.prepared.sourcePath);
  const articles = identified.kept;
  const unique = rejectDuplicates(articles, diagnostics);
  if (unique !== articles) {
    const uniqueSet = new Set(unique);
    for (const item of articles) if (!uniqueSet.has(item)) failedSources.push(item.article.sourcePath);
  }
  return { unique, failedSources, diagnostics };
}

/** Duplicate ids or slugs are an error naming both files; the earlier-published article keeps its place. */
function rejectDuplicates(articles: ValidArticle[], diagnostics: Diagnostic[]): ValidArticle[] {
  // Nearly always there is none, which two sets show without ordering every article first
  // (40 ms at 10,000 on every rebuild).
  const ids = new Set<string>();
  const slugs = new Set<string>();
  for (const { prepared, article } of articles) {
    ids.add(prepared.id);
    slugs.add(article.slug);
  }
  if (ids.size === articles.length && slugs.size === articles.length) return articles;
  const ordered = [...articles].sort(
    (a, b) => a.article.published - b.article.published || (a.displayPath < b.displayPath ? -1 : 1),
  );
  const byId = new Map<string, string>();
  const bySlug = new Map<string, string>();
  const kept = new Set<ValidArticle>();
  for (const item of ordered) {
    const clash = duplicateOf(item, byId, bySlug);
    if (clash) {
      diagnostics.push(clash);
      continue;
    }
    byId.set(item.prepared.id, item.displayPath);
    bySlug.set(item.article.slug, item.displayPath);
    kept.add(item);
  }
  return articles.filter((item) => kept.has(item));
}

/** The error for an article whose id or slug an earlier one already holds, or undefined. */
function duplicateOf(
  item: ValidArticle,
  byId: ReadonlyMap<string, string>,
  bySlug: ReadonlyMap<string, string>,
): Diagnostic | undefined {
  const id = item.prepared.id;
  const idOwner = byId.get(id);
  const slugOwner = bySlug.get(item.article.slug);
  const key = idOwner ? 'id' : slugOwner ? 'slug' : undefined;
  if (key === undefined) return undefined;
  const line = item.prepared.lines[key];
  const [what, owner] = key === 'id' ? [id, idOwner] : [item.article.slug, slugOwner];
  return {
    severity: 'error',
    file: item.displayPath,
    ...(line === undefined ? {} : { line }),
    key,
    message: `expected a unique ${key} but received ${JSON.stringify(what)}, already used by ${owner}`,
  };
}
