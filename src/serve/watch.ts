import { lstatSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';

/**
 * File events for `presswire serve --watch` and `presswire schedule` (I/O). One inotify
 * watch per folder, each folder's own non-recursive `fs.watch`: a folder's watch reports
 * every file in it, so 10,000 articles in 30 folders hold 30 watches.
 *
 * Not Node's `recursive` option: on Linux, Node 20 builds it in JavaScript with a watch on
 * every file as well as every folder (10,027 for the 10,000-article bench corpus), and
 * when the system's limit on watches (`fs.inotify.max_user_watches`, 8,192 on many
 * machines) runs out it stops adding them and reports nothing; the files past the limit
 * are silently unwatched. Not @parcel/watcher either, which does hold one watch per folder
 * but drops a failure to watch a new folder, like a kernel queue overflow, without a word.
 * `presswire schedule` trusts its watcher to say which files changed (load/watched-stats.ts),
 * so a watch that cannot see everything must say so: here any failure ends the whole watch
 * and is reported (`onError`), and the job goes back to looking at every file.
 */

export interface Watcher {
  close(): void;
  /** Still watching: not closed, not failed. */
  watching(): boolean;
}

/**
 * Calls `onChange` with the absolute path of every file that changes below `dir`, except
 * those `ignore` names and those reached through a symbolic link. The build never follows
 * links in the articles folder (load/discover.ts), so what changes behind one is not an
 * article; a link to `..` (a loop, or a way out to the folder that holds out/) would report
 * every file the build writes, and each rebuild would start the next. A folder made, moved
 * or renamed into place is reported, then watched in its turn.
 */
export function watchTree(
  dir: string,
  onChange: (file: string) => void,
  ignore: (file: string) => boolean,
  hooks: {
    /** Every event as it arrives, unfiltered: the absolute path, or undefined when it names no file. */
    onEvent?: (file: string | undefined) => void;
    /** The watch failed (the folder was removed, the system's limit on watches was reached) and was closed. */
    onError?: (error: Error) => void;
  } = {},
): Watcher {
  /** Each folder watched, with the inode it was when its watch began. */
  const folders = new Map<string, { watcher: FSWatcher; ino: number }>();
  let closed = false;
  const close = () => {
    closed = true;
    for (const { watcher } of folders.values()) watcher.close();
    folders.clear();
  };
  const fail = (error: Error) => {
    if (closed) return;
    close();
    hooks.onError?.(error);
  };
  const unwatchBelow = (gone: string) => {
    for (const [folder, { watcher }] of folders)
      if (folder === gone || folder.startsWith(gone + path.sep)) {
        watcher.close();
        folders.delete(folder);
      }
  };
  /** Ends the watch begun on inode `ino` at `folder`, and those below it, unless the path is watched anew. */
  const dropWatch = (folder: string, ino: number) => {
    if (folders.get(folder)?.ino === ino) unwatchBelow(folder);
  };
  /** Whether `folder` is still the folder inode `ino` a watch began on (not removed, not replaced, not watched anew). */
  const stillWatched = async (folder: string, ino: number) =>
    folders.get(folder)?.ino === ino && (await lstat(folder).catch(() => undefined))?.ino === ino;
  const changed = async (folder: string, ino: number, name: string | null) => {
    if (closed) return;
    const file = name === null ? undefined : path.join(folder, name);
    hooks.onEvent?.(file);
    if (file === undefined) return onChange(folder);
    const [current, info] = await Promise.all([stillWatched(folder, ino), lstat(file).catch(() => undefined)]);
    if (closed) return;
    if (!current) {
      // A watch follows its folder's inode: once the folder is removed or replaced, what
      // stands at its path is not watched. Below the top, the parent's watch reports the
      // change and watches the new folder; the top folder's watch ends.
      if (folder === dir)
        return fail(Object.assign(new Error('the folder was removed or replaced'), { code: 'ENOENT' }));
      return dropWatch(folder, ino);
    }
    if (info === undefined) unwatchBelow(file);
    else if (info.isDirectory()) watchFolders(file, info.ino);
    if (!info?.isSymbolicLink() && !ignore(file)) onChange(file);
  };
  /** Watches `folder` (inode `ino` when known) and every folder below it; links are not followed. */
  const watchFolders = (folder: string, ino?: number): void => {
    if (closed) return;
    try {
      const inode = ino ?? lstatSync(folder).ino;
      const existing = folders.get(folder);
      if (existing?.ino === inode) return;
      // A folder replaced at this path: the watches below it follow the old one.
      if (existing) unwatchBelow(folder);
      const watcher = watch(folder, (_event, name) => void changed(folder, inode, name));
      // A folder removed or replaced is handled by its parent's watch; any other failure ends the watch.
      watcher.on('error', (error: Error) => {
        void stillWatched(folder, inode).then((current) =>
          current || folder === dir ? fail(error) : dropWatch(folder, inode),
        );
      });
      folders.set(folder, { watcher, ino: inode });
      for (const entry of readdirSync(folder, { withFileTypes: true }))
        if (entry.isDirectory()) watchFolders(path.join(folder, entry.name));
    } catch (error) {
      // A folder removed meanwhile is no failure; any other error (ENOSPC) is.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || folder === dir) fail(error as Error);
    }
  };
  watchFolders(dir);
  return { close, watching: () => !closed };
}

/** Why a watch ended, for a warning: the system's limit on watches is named, with how to raise it. */
export function watchFailure(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC')
    return "the system's limit on file watches is reached (fs.inotify.max_user_watches; presswire holds one per folder): raise it, e.g. `sysctl fs.inotify.max_user_watches=524288`";
  if (code === 'EMFILE')
    return "the system's limit on watch instances is reached (fs.inotify.max_user_instances): raise it, e.g. `sysctl fs.inotify.max_user_instances=1024`";
  return code === 'ENOENT' ? 'the folder was removed or replaced' : error.message;
}

/**
 * Calls `onChange` when `file` changes. Watches its folder, not the file: editors save by
 * writing a new file and renaming it over the old one, which ends a watch on the file.
 * A watch that cannot start or fails is closed and handed to `onError`.
 */
export function watchFile(file: string, onChange: () => void, onError?: (error: Error) => void): Watcher {
  const name = path.basename(file);
  let closed = false;
  let watcher: FSWatcher | undefined;
  const close = () => {
    closed = true;
    watcher?.close();
  };
  const fail = (error: Error) => {
    if (closed) return;
    close();
    onError?.(error);
  };
  try {
    watcher = watch(path.dirname(file), (_event, changed) => {
      if (changed === null || changed.toString() === name) onChange();
    });
    watcher.on('error', fail);
  } catch (error) {
    fail(error as Error);
  }
  return { close, watching: () => !closed };
}
