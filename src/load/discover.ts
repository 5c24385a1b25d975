import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { articlesFolderFailure } from '../io-failure.js';

/** Every `*.md` and `*.markdown` (Jekyll's long form) below the articles folder, as POSIX paths relative to it, sorted (I/O). */
export async function discoverArticles(articlesDir: string): Promise<string[]> {
  const root = path.resolve(articlesDir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw articlesFolderFailure(error, root);
  });
  const prefix = root.endsWith(path.sep) ? root.length : root.length + 1;
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !(entry.name.endsWith('.md') || entry.name.endsWith('.markdown'))) continue;
    // parentPath is `root` or below it: the relative path is a slice, not path.relative
    // (which normalizes both paths again for each of 50,000 files).
    const folder = entry.parentPath.slice(prefix);
    const relative = folder === '' ? entry.name : `${folder}${path.sep}${entry.name}`;
    found.push(path.sep === '/' ? relative : relative.split(path.sep).join('/'));
  }
  return found.sort();
}
