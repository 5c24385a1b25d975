import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * The articles, output and state folders must be three separate places (docs/refusals.md,
 * "Folders, vanished archives and oversized images"): an output folder inside the articles folder would have its
 * renditions and feeds read as sources, articles inside the output folder would be
 * published raw, and a state folder inside the output folder would publish the bodies of
 * embargoed articles and the titles of drafts. Compared after resolving symbolic links,
 * so a link cannot hide an overlap.
 */

export interface Folders {
  articlesDir: string;
  outDir: string;
  stateDir: string;
}

const NAMES: Record<keyof Folders, string> = {
  articlesDir: 'articles folder',
  outDir: 'output folder',
  stateDir: 'state folder',
};

/** The real path of `folder`: its nearest existing ancestor resolved, the rest (not made yet) appended. */
export async function resolveReal(folder: string): Promise<string> {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** `inner` is `outer` or lies inside it (both absolute and resolved). */
export function isWithin(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const relative = path.relative(outer, inner);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Which pair overlaps, or undefined (pure). */
export function overlap(real: Folders): { inner: keyof Folders; outer: keyof Folders } | undefined {
  const keys = Object.keys(NAMES) as (keyof Folders)[];
  for (const inner of keys) {
    for (const outer of keys) {
      if (inner !== outer && isWithin(real[inner], real[outer])) return { inner, outer };
    }
  }
  return undefined;
}

/**
 * The output and state folders (config `out`, `state`; env PRESSWIRE_OUT; flag `--out`): the
 * environment and the flag are relative to the working folder, the config's own paths to the
 * config file's folder (`base`), the state folder defaults to `<out>.presswire`.
 */
export function outputFolders(
  config: { out: string; state?: string | undefined },
  base: string,
  outFromEnvOrFlag: string | undefined,
  cwd: string,
): { outDir: string; stateDir: string } {
  const outDir = outFromEnvOrFlag ? path.resolve(cwd, outFromEnvOrFlag) : path.resolve(base, config.out);
  return { outDir, stateDir: config.state ? path.resolve(base, config.state) : `${outDir}.presswire` };
}

/** Throws a ConfigError (exit 2) naming both folders when two of them overlap. */
export async function refuseOverlappingFolders(folders: Folders, cwd: string): Promise<void> {
  const real: Folders = {
    articlesDir: await resolveReal(folders.articlesDir),
    outDir: await resolveReal(folders.outDir),
    stateDir: await resolveReal(folders.stateDir),
  };
  const found = overlap(real);
  if (!found) return;
  const show = (key: keyof Folders) => {
    const relative = path.relative(cwd, folders[key]);
    return `${NAMES[key]} ${relative.startsWith('..') || path.isAbsolute(relative) ? folders[key] : relative || '.'}`;
  };
  const how = real[found.inner] === real[found.outer] ? 'is the same folder as' : 'is inside';
  throw new ConfigError(
    `${show(found.inner)} ${how} the ${show(found.outer)}; presswire needs three separate folders (articles, out, state) and touched nothing`,
  );
}
