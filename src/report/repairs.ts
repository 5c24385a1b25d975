import path from 'node:path';
import type { BuildSummary } from '../build.js';
import type { Reporter } from './reporter.js';

/** What a build repaired on its own: damaged state it recovered, published files it wrote again (drift). */
export function reportRepairs(
  reporter: Reporter,
  summary: Pick<BuildSummary, 'recovered' | 'repaired'>,
  outDir: string,
  cwd: string,
): void {
  // Damaged state recovered (publish/state-recovery.ts): a warning to the operator, not a failed build.
  for (const note of summary.recovered) reporter.warn(note, { event: 'state-recovered' });
  // Drift repaired (publish/published-files.ts): one line per file, never a warning (nothing to fix in the articles).
  // A lost out/ is every file at once: the first lines name files, one more counts the rest.
  const REPAIRS_SHOWN = 20;
  for (const { file, drift } of summary.repaired.slice(0, REPAIRS_SHOWN)) {
    const shown = path.relative(cwd, path.join(outDir, file)).split(path.sep).join('/');
    reporter.info(
      `presswire: ${shown} ${drift === 'missing' ? 'was missing' : 'was not what the last build wrote'}; written again`,
      { event: 'repaired', file: shown, drift },
    );
  }
  if (summary.repaired.length > REPAIRS_SHOWN) {
    const more = summary.repaired.length - REPAIRS_SHOWN;
    reporter.info(`presswire: ${more} more published files were missing or changed; written again`, {
      event: 'repaired',
      more,
    });
  }
}
