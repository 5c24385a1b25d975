import { statSync } from 'node:fs';

/**
 * What a long-running job (`presswire schedule`) keeps between its builds instead of reading
 * and parsing a file again (build.ts, BuildMemory): a value per file, given back only while
 * the file is the one it came from. Same inode, size and modification time: every file
 * presswire writes is replaced by a rename (a new inode), and an edit in place by hand
 * changes the size or the time. `key` names what else the value depends on (settings).
 */
export class FileMemory<V> {
  private readonly known = new Map<string, { ino: number; size: number; mtimeMs: number; key: string; value: V }>();

  /** The value remembered for `file` under `key`, if the file has not changed since. */
  recall(file: string, key = ''): V | undefined {
    const known = this.known.get(file);
    if (!known || known.key !== key) return undefined;
    const now = statSync(file, { throwIfNoEntry: false });
    return now && now.ino === known.ino && now.size === known.size && now.mtimeMs === known.mtimeMs
      ? known.value
      : undefined;
  }

  /** How many files are remembered. */
  get size(): number {
    return this.known.size;
  }

  /** Each remembered file and its value. */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const [file, { value }] of this.known) yield [file, value];
  }

  /** Remember `value` as what `file` holds now (forgotten when the file is gone). */
  remember(file: string, value: V, key = ''): void {
    const now = statSync(file, { throwIfNoEntry: false });
    if (now) this.known.set(file, { ino: now.ino, size: now.size, mtimeMs: now.mtimeMs, key, value });
    else this.known.delete(file);
  }
}
