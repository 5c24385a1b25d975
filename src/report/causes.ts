import type { Diagnostic } from '../diagnostics.js';

/**
 * What a person adopting presswire on a whole archive needs to act on (pure): not 500 error
 * lines, but how many posts were read, how many failed, and the few causes behind most
 * failures, each with its count, so the first fix (a config key, one search-and-replace)
 * repairs the most posts.
 */

export interface Cause {
  /** The key and the expectation, without the value one post happened to hold. */
  cause: string;
  /** Posts that fail with it. */
  posts: number;
}

/** The `limit` most common error causes, counted once per post, most posts first (ties: alphabetical). */
export function commonCauses(diagnostics: readonly Diagnostic[], limit = 5): Cause[] {
  const posts = new Map<string, Set<string>>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity !== 'error') continue;
    const cause = causeOf(diagnostic);
    const files = posts.get(cause) ?? new Set<string>();
    files.add(diagnostic.file ?? '');
    posts.set(cause, files);
  }
  return [...posts]
    .map(([cause, files]) => ({ cause, posts: files.size }))
    .sort((a, b) => b.posts - a.posts || (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0))
    .slice(0, limit);
}

/** `date: expected … but received "x"` → `date: expected …`; quoted names and numbers in it are generalized. */
export function causeOf(diagnostic: Pick<Diagnostic, 'key' | 'message'>): string {
  const message = diagnostic.message
    .replace(/\s+but received[\s\S]*$/, '')
    .replace(/"[^"]*"/g, '"…"')
    // A date one post names ("at or after published (2001-08-12T19:15:00)") is not the cause.
    .replace(/\(\d{4}-\d{2}-\d{2}[^)]*\)/g, '(…)')
    .replace(/\(byte \d+[^)]*\)/g, '');
  return diagnostic.key ? `${diagnostic.key}: ${message}` : message;
}

/** The summary's extra lines: the dialects read, and for a run with failures the common causes. */
export function adoptionLines(input: {
  dialects: Readonly<Record<string, number>>;
  articles: number;
  failed: number;
  diagnostics: readonly Diagnostic[];
}): string[] {
  const lines: string[] = [];
  const read = Object.entries(input.dialects).sort(([a], [b]) => (a < b ? -1 : 1));
  if (read.some(([dialect]) => dialect !== 'presswire')) {
    lines.push(`front matter read as: ${read.map(([dialect, count]) => `${count} ${dialect}`).join(', ')}`);
  }
  if (input.failed > 0) {
    const causes = commonCauses(input.diagnostics);
    lines.push(
      `${input.articles - input.failed} of ${input.articles} posts read, ${input.failed} failed; most common causes:`,
      ...causes.map(({ cause, posts }) => `  ${String(posts).padStart(5)} × ${cause}`),
    );
  }
  return lines;
}
