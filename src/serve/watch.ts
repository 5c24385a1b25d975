import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * File events for `presswire serve --watch` (issue 7). fs.watch with `recursive` works on
 * Linux from Node 20 (inotify on every folder, new folders included), as on macOS and
 * Windows, so no watcher library is needed.
 */

export interface Watcher {
  close(): void;
}

/** Calls `onChange` with the absolute path of every file that changes below `dir`, except those `ignore` names. */
export function watchTree(dir: string, onChange: (file: string) => void, ignore: (file: string) => boolean): Watcher {
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    if (name === null) return onChange(dir);
    const file = path.join(dir, name.toString());
    if (!ignore(file)) onChange(file);
  });
  watcher.on('error', () => watcher.close()); // the folder was removed: nothing left to watch
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
