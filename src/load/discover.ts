import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every `*.md` below the articles folder, as POSIX paths relative to it, sorted (I/O). */
export async function discoverArticles(articlesDir: string): Promise<string[]> {
  const entries = await readdir(articlesDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.relative(articlesDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
