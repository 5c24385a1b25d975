/**
 * Diagnostics are data (STYLE: "Diagnostics are data"): stages return them instead of
 * throwing, the build collects them, and report/ prints them together at the end.
 */

/**
 * `info`: something the user should know that needs no change (an id kept, a credit read from
 * the image file); never fails a build, not even with --strict.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Display path of the file (relative to the working folder, POSIX separators). */
  file?: string;
  /** 1-based line in that file, when known. */
  line?: number;
  /** Dotted key path inside the front matter or config, e.g. `image.alt`. */
  key?: string;
  /** What was expected and what was received, phrased as one sentence without the location. */
  message: string;
}

/** `articles/foo.md:7: image.alt: expected a non-empty string but received nothing` */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const location = diagnostic.file
    ? diagnostic.line !== undefined
      ? `${diagnostic.file}:${diagnostic.line}: `
      : `${diagnostic.file}: `
    : '';
  const key = diagnostic.key ? `${diagnostic.key}: ` : '';
  return `${location}${key}${diagnostic.message}`;
}

/** How a received value is named in "expected … but received …" (after sharp's lib/is.mjs). */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value.length === 0) return 'an empty string';
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return `${String(value)} of type ${typeof value}`;
}

export function countOf(diagnostics: readonly Diagnostic[], severity: Severity): number {
  let count = 0;
  for (const d of diagnostics) if (d.severity === severity) count += 1;
  return count;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** The value at a schema issue's path in the data it was given (for "but received …"). */
export function valueAt(data: unknown, keyPath: readonly PropertyKey[]): unknown {
  let node: unknown = data;
  for (const part of keyPath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}
