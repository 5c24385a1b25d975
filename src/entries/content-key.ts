import { createHash } from 'node:crypto';
import { imageUseKey } from '../images/rights.js';
import type { ImageTable } from '../model.js';
import { RENDER_VERSION } from '../render/body-store.js';
import type { Candidate } from './syndication.js';

/**
 * Everything an entry's content HTML is made of (pure): equal keys, equal content. The file's
 * hash covers the body and every field the content shows, as read under the reading key's
 * settings (an author renamed in the site's author data changes every entry that names them), the URL resolves its links; only an
 * entry with images needs a digest of their renditions and `sizes` (hashed, like the rest,
 * only when it has some: this runs for every entry of every rebuild).
 */
export function contentKeyOf(
  candidate: Candidate,
  images: ImageTable,
  sizes: string,
  linkTarget: (target: string) => string | undefined,
  /** A digest of what reading the file depended on besides its bytes (load/article-cache.ts, `settings`): author data, dialect settings. */
  readingKey = '',
): string {
  const links = candidate.prepared.body?.links;
  // Links to other articles follow those articles' URLs.
  const linked = links ? `:${JSON.stringify(links.map((link) => linkTarget(link.target) ?? null))}` : '';
  const key = `${RENDER_VERSION}:${readingKey}${candidate.prepared.fileHash}:${candidate.url}${linked}`;
  if (candidate.imageSources.length === 0) return key;
  const used = candidate.imageSources.map(({ source, rights }) => images.get(imageUseKey(source, rights)));
  return `${key}:${createHash('sha256')
    .update(JSON.stringify([sizes, used]))
    .digest('hex')
    .slice(0, 32)}`;
}
