import { watch, type FSWatcher } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';

/**
 * File events for `presswire serve --watch`. fs.watch with `recursive` works on
 * Linux from Node 20 (inotify on every folder, new folders included), as on macOS and
 * Windows, so no watcher library is needed.
 */

export interface Watcher {
  close(): void;
}

/**
 * Calls `onChange` with the absolute path of every file that changes below `dir`, except
 * those `ignore` names and those reached through a symbolic link. The build never follows
 * links in the articles folder (load/discover.ts), so what changes behind one is not an
 * article; and Node's recursive watch does follow them, so a link to `..` (a loop, or a way
 * out to the folder that holds out/) would report every file the build writes, and each
 * rebuild would start the next.
 */
export function watchTree(
  dir: string,
  onChange: (file: string) => void,
  ignore: (file: string) => boolean,
  hooks: {
    /** Every event as it arrives, unfiltered: the absolute path, or undefined when it names no file. */
    onEvent?: (file: string | undefined) => void;
    /** The watch failed and was closed. */
    onError?: () => void;
  } = {},
): Watcher {
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    hooks.onEvent?.(name === null ? undefined : path.join(dir, name.toString()));
    if (name === null) return onChange(dir);
    const file = path.join(dir, name.toString());
    if (ignore(file)) return;
    passesThroughLink(dir, name.toString()).then(
      (linked) => {
        if (!linked) onChange(file);
      },
      () => onChange(file),
    );
  });
  watcher.on('error', () => {
    watcher.close(); // the folder was removed: nothing left to watch
    hooks.onError?.();
  });
  return { close: () => watcher.close() };
}

/**
 * Calls `onChange` when `file` changes. Watches its folder, not the file: editors save by
 * writing a new file and renaming it over the old one, which ends a watch on the file.
 */
export function watchFile(file: string, onChange: () => void): Watcher {
  const name = path.basename(file);
  const watcher = watch(path.dirname(file), (_event, changed) => {
    if (changed === null || changed.toString() === name) onChange();
  });
  watcher.on('error', () => watcher.close());
  return { close: () => watcher.close() };
}

/** Whether `relative` (below `dir`) is, or lies below, a symbolic link. A path gone meanwhile counts as not linked. */
async function passesThroughLink(dir: string, relative: string): Promise<boolean> {
  let current = dir;
  for (const part of relative.split(path.sep)) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (!info) return false;
    if (info.isSymbolicLink()) return true;
  }
  return false;
}
