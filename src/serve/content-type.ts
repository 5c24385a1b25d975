/**
 * Content types of the files in out/ (pure). Feeds are told apart by their root
 * element, not their name, so section and partner feeds get the right type
 * whatever they are called.
 */

const BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xslt+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
export const JSON_FEED_TYPE = 'application/feed+json';
/** What browsers get instead of a feed type, to run its stylesheet (see negotiate.ts). */
export const BROWSER_XML_TYPE = 'application/xml; charset=utf-8';

/** The content type of a file, from its name and (for .xml and .json) its content. */
export function contentTypeOf(fileName: string, bytes: Uint8Array): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot).toLowerCase();
  if (extension === '.xml') return xmlFeedType(bytes) ?? BY_EXTENSION['.xml'] ?? 'application/xml';
  if (extension === '.json' && isJsonFeed(bytes)) return JSON_FEED_TYPE;
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** RSS or Atom, by the root element; undefined for any other XML. */
export function xmlFeedType(head: Uint8Array): string | undefined {
  const text = Buffer.from(head.subarray(0, 4096)).toString('utf8');
  // Skip the prolog: XML declaration, processing instructions, comments, a doctype.
  const prolog = /^(?:\uFEFF)?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/;
  const rest = text.slice(prolog.exec(text)?.[0].length ?? 0);
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(rest);
  if (!root) return undefined;
  const [, , local, attributes = ''] = root;
  if (local === 'rss') return RSS_TYPE;
  if (local === 'feed' && attributes.includes('http://www.w3.org/2005/Atom')) return ATOM_TYPE;
  return undefined;
}

/** JSON Feed: a top-level "version" that names jsonfeed.org (JSON Feed 1.1 §"version"). */
function isJsonFeed(bytes: Uint8Array): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return false;
  }
  const version = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
  return typeof version === 'string' && version.startsWith('https://jsonfeed.org/version/');
}
