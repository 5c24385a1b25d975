import { createHash } from 'node:crypto';

/**
 * Validators and conditional requests (pure; RFC 9110 §8.8 and §13). The ETag is
 * a hash of the bytes, so it survives a rebuild that rewrote nothing and changes with any
 * change; the build never rewrites an unchanged file (SPEC §5), so Last-Modified is stable
 * too.
 */

/** A strong ETag from the content, with a suffix for each other representation of the same bytes. */
export function etagOf(bytes: Uint8Array, variant?: string): string {
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  return `"${hash}${variant ? `-${variant}` : ''}"`;
}

/** Last-Modified: the file's mtime as an HTTP-date (whole seconds). */
export function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

export interface ConditionalHeaders {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

/**
 * True when a GET/HEAD may be answered 304 Not Modified. If-None-Match wins when present
 * (RFC 9110 §13.1.3: If-Modified-Since is then ignored); it matches weakly (W/ is ignored).
 */
export function isNotModified(headers: ConditionalHeaders, etag: string, mtimeMs: number): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const value = headers.ifNoneMatch.trim();
    if (value === '*') return true;
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return value.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    if (Number.isNaN(since)) return false;
    return Math.floor(mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}
