import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The identity of every file a build reads or owns, as one digest (I/O: a listing and a stat
 * per file, nothing read). A file counts by its path, inode, size, modification time and
 * change time, all in nanoseconds: an edit saved in place moves the mtime, a save by rename
 * moves the inode, and an edit whose mtime was put back (`touch -r`) still moves the ctime,
 * which no user can set. The no-op index (publish/noop-index.ts) compares two of these.
 */

export interface WatchedFolder {
  /** What the folder is to the build (`articles`, `out`, …): part of the digest. */
  label: string;
  folder: string;
  /** Names directly in the folder that are not part of it (the status file, the index itself). */
  ignore?: ReadonlySet<string>;
}

export interface Fingerprint {
  digest: string;
  /** The latest change time of any file seen (ns since the epoch), 0n when none. */
  newestChangeNs: bigint;
  files: number;
}

/**
 * Folders walked recursively (every file, hidden ones too: an image an article references
 * may be anywhere under it), then single files (a missing one counts as missing). Throws
 * only for a folder that exists but cannot be listed.
 */
export function fingerprint(folders: readonly WatchedFolder[], files: readonly string[]): Fingerprint {
  const hash = createHash('sha256');
  let newestChangeNs = 0n;
  let count = 0;
  const add = (line: string, file: string) => {
    const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
    if (stats === undefined) {
      hash.update(`${line}\0-\n`);
      return;
    }
    if (stats.ctimeNs > newestChangeNs) newestChangeNs = stats.ctimeNs;
    count += 1;
    hash.update(`${line}\0${stats.ino}\0${stats.size}\0${stats.mtimeNs}\0${stats.ctimeNs}\n`);
  };
  for (const { label, folder, ignore } of folders) {
    const listed = listFiles(folder, ignore);
    hash.update(`#${label}\0${folder}\0${listed === undefined ? 'missing' : listed.length}\n`);
    for (const relative of listed ?? []) add(relative, path.join(folder, relative));
  }
  for (const file of files) add(`#file\0${file}`, file);
  return { digest: hash.digest('hex'), newestChangeNs, files: count };
}

/** Every entry but folders below `folder`, relative to it and sorted; undefined when it does not exist. */
function listFiles(folder: string, ignore: ReadonlySet<string> | undefined): string[] | undefined {
  let entries;
  try {
    entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const prefix = folder.endsWith(path.sep) ? folder.length : folder.length + 1;
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const parent = entry.parentPath.slice(prefix);
    if (parent === '' && ignore?.has(entry.name)) continue;
    found.push(parent === '' ? entry.name : `${parent}${path.sep}${entry.name}`);
  }
  return found.sort();
}
