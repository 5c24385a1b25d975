/**
 * Request target → path inside out/ (pure). Works on the raw request target,
 * not on a parsed URL: WHATWG URL parsing resolves "/../" and "/%2e%2e/" away, which would
 * hide a traversal attempt instead of refusing it.
 */

export type RequestPath =
  | {
      ok: true;
      /** Decoded path segments below out/; empty for the root. */ segments: string[];
      /** The target named a folder ("/" or ".../"). */ folder: boolean;
    }
  | { ok: false; status: 400 | 403 | 404; reason: string };

export function resolveRequestPath(target: string): RequestPath {
  const pathPart = target.split(/[?#]/, 1)[0] ?? '';
  if (!pathPart.startsWith('/')) return { ok: false, status: 400, reason: 'expected a path that starts with "/"' };
  const raw = pathPart.split('/').slice(1);
  const segments: string[] = [];
  for (const [index, encoded] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, status: 400, reason: `malformed percent-encoding in ${JSON.stringify(encoded)}` };
    }
    if (segment === '..' || segment === '.' || /[/\\\0]/.test(segment)) {
      return { ok: false, status: 403, reason: `path segment ${JSON.stringify(encoded)} leaves or hides its folder` };
    }
    // Dot files (editors' and write-file-atomic's temporary files) are never published.
    if (segment.startsWith('.')) return { ok: false, status: 404, reason: 'hidden file' };
    if (segment === '') {
      // "//" in the middle is as suspicious as "..": only a trailing "/" is allowed.
      if (index !== raw.length - 1) return { ok: false, status: 403, reason: 'empty path segment' };
      continue;
    }
    segments.push(segment);
  }
  return { ok: true, segments, folder: pathPart.endsWith('/') };
}
