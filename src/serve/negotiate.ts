import { ATOM_TYPE, BROWSER_XML_TYPE, RSS_TYPE } from './content-type.js';

/**
 * Proactive content negotiation on Accept (RFC 9110 §12.5.1), pure.
 *
 * Why a feed has two types: Chromium shows `application/rss+xml` and `application/atom+xml`
 * as plain text and never runs their `<?xml-stylesheet?>`; it runs it for
 * `application/xml`. A browser's Accept ranks `application/xml` (q=0.9) above everything
 * else it has no entry for (`*∕*;q=0.8`), while feed readers name the feed types or send
 * `*∕*`. So negotiating between the feed type and `application/xml` gives readers the feed
 * type and browsers the readable view, from the same bytes.
 */

/**
 * The Content-Type to answer with, pure. Browsers get RSS and Atom feeds
 * as application/xml, so that they run the feed's stylesheet; such a response is a variant
 * (its own ETag) and varies by Accept.
 */
export function responseType(
  fileType: string,
  accept: string | undefined,
): { type: string; variant: string | undefined; negotiated: boolean } {
  const negotiated = fileType === RSS_TYPE || fileType === ATOM_TYPE;
  if (!negotiated) return { type: fileType, variant: undefined, negotiated };
  const chosen = negotiate(accept, [fileType, BROWSER_XML_TYPE]);
  return chosen === fileType
    ? { type: fileType, variant: undefined, negotiated }
    : { type: chosen, variant: 'xml', negotiated };
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const [range = '', ...params] = part.split(';').map((p) => p.trim());
      const [type, subtype] = range.toLowerCase().split('/');
      if (!type || !subtype) return [];
      let q = 1;
      for (const param of params) {
        const [name, value] = param.split('=').map((p) => p.trim());
        if (name?.toLowerCase() === 'q' && value !== undefined) {
          const parsed = Number(value);
          q = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
        }
      }
      return [{ type, subtype, q }];
    });
}

/** The quality the Accept header gives a media type: that of the most specific range that matches it. */
export function qualityOf(mediaType: string, accept: string | undefined): number {
  if (accept === undefined || accept.trim() === '') return 1;
  const [type = '', subtype = ''] = mediaType.split(';')[0]?.trim().toLowerCase().split('/') ?? [];
  let best: { specificity: number; q: number } | undefined;
  for (const range of parseAccept(accept)) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity < 0) continue;
    if (!best || specificity > best.specificity || (specificity === best.specificity && range.q > best.q))
      best = { specificity, q: range.q };
  }
  return best?.q ?? 0;
}

/** The candidate the client prefers; on a tie (or when it accepts none) the first, the canonical one. */
export function negotiate(accept: string | undefined, candidates: readonly [string, ...string[]]): string {
  let chosen = candidates[0];
  let chosenQ = qualityOf(chosen, accept);
  for (const candidate of candidates.slice(1)) {
    const q = qualityOf(candidate, accept);
    if (q > chosenQ) {
      chosen = candidate;
      chosenQ = q;
    }
  }
  return chosen;
}
