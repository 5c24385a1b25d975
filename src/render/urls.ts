/**
 * URL resolution for article content (pure). SPEC §3: every URL inside every feed is
 * absolute; relative links resolve against the article's URL.
 */

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** Resolve `reference` against `base`; undefined when it is not a safe absolute URL afterwards. */
export function absoluteUrl(reference: string, base: string): string | undefined {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\nscript:");
  // resolve exactly as they would, then judge the scheme of the result.
  const trimmed = reference.trim();
  let resolved: URL;
  try {
    resolved = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  return SAFE_SCHEMES.has(resolved.protocol) ? resolved.href : undefined;
}

/** True when an image reference names a file beside the article rather than a URL. */
export function isLocalReference(reference: string): boolean {
  const trimmed = reference.trim();
  return (
    trimmed.length > 0 && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !trimmed.startsWith('//') && !trimmed.startsWith('#')
  );
}
