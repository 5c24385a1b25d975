import type { Diagnostic } from '../diagnostics.js';
import { creditDiagnostics } from '../images/credit-diagnostics.js';
import type { ImageStageResult } from '../images/index.js';
import type { Author, Entry, ImageTable } from '../model.js';
import { leadImageOf } from '../render/figure.js';
import { contentKeyOf } from './content-key.js';
import { modifiedTime } from './entries.js';
import { decideModified, recordFor, type EntryRecord } from './history.js';
import { withLazyContent, type LazyContent } from './lazy-content.js';
import { changedFields, fieldsHashOf, unannouncedEditWarning } from './significant-edits.js';
import type { Candidate } from './syndication.js';

/**
 * From each syndicated article and its images, the entry the feeds hold and the record the
 * state keeps (pure): when it was modified (an unannounced edit moves it, SPEC §3), what its
 * content is made of, and what the desk should hear about its pictures. An article whose
 * image could not be used fails; every other article is still published.
 */

export interface AssemblyInput {
  candidates: readonly Candidate[];
  images: Pick<ImageStageResult, 'table' | 'failures' | 'warnings'>;
  /** The state's records by entry id, as the last build left them. */
  records: Readonly<Record<string, EntryRecord>>;
  now: number;
  /** `site.author`: the author of entries that name none. */
  siteAuthor: Author;
  /** `images.sizes`. */
  sizes: string;
  linkTarget: (target: string) => string | undefined;
  displayPath: (sourcePath: string) => string;
  /** How an entry's content is assembled from its candidate when read (entries/lazy-content.ts). */
  content: LazyContent<Candidate>;
  /** A digest of what reading the articles depended on besides their bytes (content-key.ts). */
  readingKey?: string;
}

export interface AssembledEntries {
  entries: Entry[];
  /** The state records of these entries, in the order they are written. */
  records: [id: string, record: EntryRecord][];
  /** Source paths of the articles that failed here (an image that could not be used). */
  failedSources: string[];
  unannouncedEdits: number;
  diagnostics: Diagnostic[];
}

const NO_PICTURES = Object.freeze({ diagnostics: Object.freeze([]) as unknown as Diagnostic[], broken: false });

export function assembleEntries(input: AssemblyInput): AssembledEntries {
  const out: AssembledEntries = { entries: [], records: [], failedSources: [], unannouncedEdits: 0, diagnostics: [] };
  for (const candidate of input.candidates) {
    const pictures = imageDiagnostics(candidate, input.images, input.displayPath);
    out.diagnostics.push(...pictures.diagnostics);
    if (pictures.broken) {
      out.failedSources.push(candidate.article.sourcePath);
      continue;
    }
    const { record, entry, unannounced } = entryOf(candidate, input);
    if (unannounced) {
      out.unannouncedEdits += 1;
      out.diagnostics.push(unannounced);
    }
    out.records.push([candidate.id, record]);
    out.entries.push(entry);
  }
  return out;
}

/**
 * An image that could not be used is an error (the article fails); credits read from a source
 * file, pictures credited nowhere (docs/article-format.md, Image rights) and what was done to an
 * image (an animated GIF made a still) are told.
 */
function imageDiagnostics(
  candidate: Candidate,
  images: AssemblyInput['images'],
  displayPath: (sourcePath: string) => string,
): { diagnostics: Diagnostic[]; broken: boolean } {
  // Most articles have no picture: nothing to say, and nothing allocated (every rebuild, every entry).
  if (candidate.imageSources.length === 0) return NO_PICTURES;
  const diagnostics: Diagnostic[] = [];
  const where = (key: string, bodyLine?: number) => {
    const line = key === 'image.src' ? candidate.prepared.lines['image.src'] : bodyLine;
    return { file: candidate.displayPath, ...(line === undefined ? {} : { line }), key };
  };
  const broken = candidate.imageSources.filter(({ source }) => images.failures.has(source));
  for (const { source, key, line } of broken) {
    const message = `${images.failures.get(source)} (${displayPath(source)})`;
    diagnostics.push({ severity: 'error', ...where(key, line), message });
  }
  if (broken.length > 0) return { diagnostics, broken: true };
  diagnostics.push(...creditDiagnostics(candidate, images.table, displayPath));
  for (const { source, key } of candidate.imageSources) {
    const warning = images.warnings.get(source);
    if (warning)
      diagnostics.push({ severity: 'warning', ...where(key), message: `${warning} (${displayPath(source)})` });
  }
  return { diagnostics, broken: false };
}

function entryOf(
  candidate: Candidate,
  input: AssemblyInput,
): { record: EntryRecord; entry: Entry; unannounced: Diagnostic | undefined } {
  const { article } = candidate;
  const bodyHash = candidate.prepared.bodyHash ?? '';
  const declared = modifiedTime(article);
  const previous = input.records[candidate.id];
  // Made where the article was read (load/prepare.ts); worked out here only for one that lacks it.
  const fieldsHash = candidate.prepared.fieldsHash ?? fieldsHashOf(article);
  const edited = changedFields(previous?.fieldsHash, fieldsHash);
  // A withdrawn article put back is published afresh, not an unannounced edit of its withdrawn self.
  const shown = previous?.withdrawnAt === undefined ? previous : undefined;
  const verdict = decideModified(shown, bodyHash, declared, input.now, edited.length > 0);
  const unannounced = verdict.unannouncedEdit
    ? unannouncedEditWarning(candidate.displayPath, bodyHash !== previous?.bodyHash, edited)
    : undefined;
  const record = recordFor(
    previous,
    { bodyHash, fieldsHash },
    declared,
    verdict.modified,
    input.now,
    article.sourcePath,
  );
  return { record, entry: entryFields(candidate, verdict.modified, input), unannounced };
}

function entryFields(candidate: Candidate, modified: number, input: AssemblyInput): Entry {
  const { article } = candidate;
  const table: ImageTable = input.images.table;
  const image = leadImageOf(article, table);
  const contentKey = contentKeyOf(candidate, table, input.sizes, input.linkTarget, input.readingKey);
  const siteAuthor = article.authors.length === 0;
  const fields: Omit<Entry, 'contentHtml'> = {
    id: candidate.id,
    url: candidate.url,
    title: article.title,
    ...(article.dek ? { summary: article.dek } : {}),
    contentKey,
    // Everything this entry is made of: the article's fields (fixed by the file's hash under
    // the article cache's settings), its URL and the renditions of its images (in the content
    // key), its id, modified time and file, and the site's author when it names none. Feed
    // fingerprints hash this instead of the whole entry: cheaper, on every rebuild.
    entryKey: JSON.stringify([
      contentKey,
      candidate.id,
      modified,
      article.sourcePath,
      siteAuthor ? input.siteAuthor : null,
    ]),
    published: article.published,
    modified,
    authors: siteAuthor ? [input.siteAuthor] : article.authors,
    ...(article.section ? { section: article.section } : {}),
    tags: article.tags,
    ...(image ? { image } : {}),
    corrections: article.corrections,
    sourcePath: article.sourcePath,
  };
  return withLazyContent(input.content, fields, candidate);
}
