import { hash } from 'node:crypto';
import type { Article } from '../model.js';

/**
 * Which edits to a published entry readers and partners must be told of (SPEC §3: a change
 * with no new correction and no new `updated:` is an unannounced edit) (pure). Besides the
 * body: the headline, the dek (the summary every feed shows), the lead image and its caption
 * and credit, because a changed headline or photo credit is a correction in all but name and
 * among the most common ones. Whitespace alone (a doubled space, a trailing newline) does not
 * count: it changes nothing a reader sees. The alt text, tags, section and authors do not
 * count either: they are metadata, not what the story says.
 */

export const SIGNIFICANT_FIELDS = ['title', 'dek', 'image.src', 'image.caption', 'image.credit'] as const;
export type SignificantField = (typeof SIGNIFICANT_FIELDS)[number];

type Fields = Pick<Article, 'title' | 'dek' | 'image'>;

function valueOf(article: Fields, field: SignificantField): string {
  switch (field) {
    case 'title':
      return article.title;
    case 'dek':
      return article.dek ?? '';
    case 'image.src':
      return article.image?.source ?? '';
    case 'image.caption':
      return article.image?.caption ?? '';
    case 'image.credit':
      return article.image?.credit ?? '';
  }
}

const shortHash = (text: string): string => hash('sha256', text, 'hex').slice(0, 12);
/** Most articles have no lead image and many no dek: an absent field's hash, computed once. */
const EMPTY_HASH = shortHash('');

/**
 * One short hash per significant field, in SIGNIFICANT_FIELDS order: `a1b2c3d4e5f6 …`. Made
 * once per read of the file (load/prepare.ts), and kept with the article in the cache.
 */
export function fieldsHashOf(article: Fields): string {
  return SIGNIFICANT_FIELDS.map((field) => {
    const text = valueOf(article, field).replace(/\s+/g, ' ').trim();
    return text === '' ? EMPTY_HASH : shortHash(text);
  }).join(' ');
}

/** The significant fields whose hash differs; none when the earlier record predates field hashes. */
export function changedFields(previousHash: string | undefined, currentHash: string): SignificantField[] {
  if (previousHash === undefined || previousHash === currentHash) return [];
  const before = previousHash.split(' ');
  const now = currentHash.split(' ');
  return SIGNIFICANT_FIELDS.filter((_, index) => before[index] !== now[index]);
}

/**
 * The warning for an unannounced edit, naming what changed. A body-only edit keeps the
 * wording it always had, so log searches for it still match.
 */
export function unannouncedEditWarning(
  file: string,
  bodyChanged: boolean,
  fields: readonly SignificantField[],
): { severity: 'warning'; file: string; key: string; message: string } {
  const changed = [...(bodyChanged ? ['body'] : []), ...fields];
  const named = changed.length === 1 ? changed[0] : `${changed.slice(0, -1).join(', ')} and ${changed.at(-1)}`;
  return {
    severity: 'warning',
    file,
    key: changed.join(', '),
    message: `expected a new correction or a new \`updated:\` with a changed ${named} but received neither (unannounced edit); the entry is marked updated at this build`,
  };
}
