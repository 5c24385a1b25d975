import type { PreparedArticle } from './prepare.js';

/** How many article files were read as each platform's front matter (pure), for the build's summary. */
export function countDialects(prepared: readonly PreparedArticle[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { dialect } of prepared) if (dialect !== undefined) counts[dialect] = (counts[dialect] ?? 0) + 1;
  return counts;
}
