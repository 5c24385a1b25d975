import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { OutputFolders } from './confine.js';

/**
 * What the build says about files in out/ that are not presswire's, and where it may
 * write (docs/operations.md, "How a build stays safe, and why").
 */

/** One warning for the files in out/images that presswire did not make, the first time they are seen. */
export function foreignFileWarnings(names: readonly string[], outDir: string, cwd: string): Diagnostic[] {
  if (names.length === 0) return [];
  const base = path.relative(cwd, outDir).split(path.sep).join('/') || '.';
  const shown = names.slice(0, 5).map((name) => `${base}/${name}`);
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  return [
    {
      severity: 'warning',
      file: `${base}/images`,
      message: `${names.length === 1 ? 'a file' : `${names.length} files`} presswire did not make (${shown.join(', ')}${more}): left alone and never deleted; reported once`,
    },
  ];
}

/** Checks every distinct folder of `files` (relative to out/) before anything is written into them. */
export async function confineOutputs(outDir: string, files: readonly string[]): Promise<void> {
  const folders = new OutputFolders(outDir);
  const distinct = new Set(files.map((file) => path.posix.dirname(file)));
  for (const folder of distinct) await folders.assertInside(folder);
}
