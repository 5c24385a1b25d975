import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The identity of every file a build reads or owns, as one digest (I/O: a listing and a stat
 * per file, nothing read). A file counts by its path, inode, size, modification time and
 * change time (to a fraction of a microsecond): an edit saved in place moves the mtime, a save by rename
 * moves the inode, and an edit whose mtime was put back (`touch -r`) still moves the ctime,
 * which no user can set. The no-op index (publish/noop-index.ts) compares two of these.
 */

export interface WatchedFolder {
  /** What the folder is to the build (`articles`, `out`, …): part of the digest. */
  label: string;
  folder: string;
  /** presswire's own (out/, the state folder): written as new files, by rename or by appending, never rewritten in place. */
  own?: boolean;
}

export interface Fingerprint {
  digest: string;
  /**
   * The latest change time of any file seen outside presswire's own folders (ms since the
   * epoch, to a fraction of a microsecond), 0 when none.
   */
  newestChangeMs: number;
  /** The same for the files in presswire's own folders. */
  newestOwnChangeMs: number;
  files: number;
}

/**
 * Folders walked recursively (every file, hidden ones too: an image an article references
 * may be anywhere under it) but for the `excluded` paths (absolute: files, or folders skipped
 * whole), then single files (a missing one counts as missing). Throws only for a folder that
 * exists but cannot be listed.
 */
export function fingerprint(
  folders: readonly WatchedFolder[],
  files: readonly string[],
  excluded: ReadonlySet<string>,
): Fingerprint {
  const hash = createHash('sha256');
  const newest = { input: 0, own: 0 };
  let count = 0;
  // The names as one string, the numbers as one array of doubles: turning 40,000 numbers
  // into text cost more than the stats themselves.
  const addAll = (paths: readonly string[], kind: keyof typeof newest) => {
    hash.update(paths.join('\n'));
    const numbers = new Float64Array(paths.length * 4).fill(-1);
    let at = 0;
    for (const file of paths) {
      const stats = statSync(file, { throwIfNoEntry: false });
      if (stats !== undefined) {
        if (stats.ctimeMs > newest[kind]) newest[kind] = stats.ctimeMs;
        count += 1;
        numbers[at] = stats.ino;
        numbers[at + 1] = stats.size;
        numbers[at + 2] = stats.mtimeMs;
        numbers[at + 3] = stats.ctimeMs;
      }
      at += 4;
    }
    hash.update(numbers);
  };
  for (const { label, folder, own } of folders) {
    const listed = listFiles(folder, excluded);
    hash.update(`\n#${label}\0${folder}\0${listed === undefined ? 'missing' : listed.length}\n`);
    if (listed) addAll(listed, own ? 'own' : 'input');
  }
  hash.update(`\n#files\0${files.length}\n`);
  addAll(files, 'input');
  return { digest: hash.digest('hex'), newestChangeMs: newest.input, newestOwnChangeMs: newest.own, files: count };
}

/** Every entry but folders below `folder`, as absolute paths, sorted; undefined when it does not exist. */
function listFiles(folder: string, excluded: ReadonlySet<string>): string[] | undefined {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = `${dir}${path.sep}${entry.name}`;
      if (excluded.has(full)) continue;
      if (entry.isDirectory()) walk(full);
      else found.push(full);
    }
  };
  try {
    walk(folder);
  } catch (error) {
    // The folder itself missing is a state like any other; anything else cannot be judged.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && found.length === 0) return undefined;
    throw error;
  }
  return found.sort();
}
