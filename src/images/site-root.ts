import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Site-root image paths (`/assets/img/x.jpg`, SPEC §1 as docs/article-format.md, "Images
 * where your site keeps them: `static`" extends it): read from the configured `static`
 * folder, never outside it. load/prepare.ts names such a source `/` + its path inside the folder, already free of `..`.
 */

export function isSiteRootSource(source: string): boolean {
  return source.startsWith('/');
}

/**
 * The path inside the static folder. A site published under a path (`https://example.org/blog/`)
 * serves `static/x.jpg` as `/blog/x.jpg`, which is what `{{ site.baseurl }}` and
 * `relative_url` write, so that prefix is not part of the file's path.
 */
export function staticPath(source: string, siteUrl: string): string {
  const base = new URL(siteUrl).pathname.replace(/\/+$/, '');
  const inside = base !== '' && source.startsWith(`${base}/`) ? source.slice(base.length) : source;
  return inside.replace(/^\/+/, '');
}

/** The static folder's real path, or why it cannot be used (once per build). */
export async function staticFolder(
  dir: string | undefined,
): Promise<{ real: string; dir: string } | { message: string } | undefined> {
  if (dir === undefined) return undefined;
  const real = await realpath(dir).catch(() => undefined);
  const info = real === undefined ? undefined : await stat(real).catch(() => undefined);
  if (real === undefined || !info?.isDirectory()) {
    return { message: `expected the static folder (config key static) at ${dir} but there is no folder there` };
  }
  return { real, dir };
}

/** How diagnostics name a site-root source: its file in the static folder, from the working folder. */
export function staticDisplayPath(cwd: string, staticDir: string, source: string, siteUrl: string): string {
  const relative = path.relative(cwd, path.join(staticDir, staticPath(source, siteUrl)));
  return relative.split(path.sep).join('/');
}
