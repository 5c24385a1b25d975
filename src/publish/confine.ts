import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isWithin } from '../config/folders.js';
import { ConfigError } from '../errors.js';

/**
 * Nothing is written or deleted through a symbolic link that leads out of the output folder
 * (docs/operations.md, "How a build stays safe, and why"): before a build writes into a folder
 * under out/ (out/images, out/sections/asia, …) it checks that the folder, where it exists,
 * resolves to a place inside the real output folder. A link that stays inside out/ is fine.
 * Checked once per folder and build (a Map), so a rebuild pays a realpath per folder it writes
 * into, not per file.
 */
export class OutputFolders {
  private realOut: Promise<string> | undefined;
  private readonly checked = new Map<string, Promise<void>>();

  constructor(private readonly outDir: string) {}

  /** Throws a ConfigError (exit 2) when `relativeFolder` (relative to out/) leads outside it. */
  assertInside(relativeFolder: string): Promise<void> {
    const key = relativeFolder.split(path.sep).join('/').replace(/\/+$/, '');
    if (key === '' || key === '.') return Promise.resolve();
    let pending = this.checked.get(key);
    if (!pending) {
      pending = this.check(key);
      this.checked.set(key, pending);
    }
    return pending;
  }

  private async check(relativeFolder: string): Promise<void> {
    // Parents first (cached): `sections` may be the link, not `sections/asia`.
    const parent = path.posix.dirname(relativeFolder);
    if (parent !== '.') await this.assertInside(parent);
    this.realOut ??= realpath(this.outDir).catch(() => path.resolve(this.outDir));
    const realOut = await this.realOut;
    const folder = path.join(this.outDir, ...relativeFolder.split('/'));
    const info = await lstat(folder).catch(() => undefined);
    // Not made yet (mkdir makes a real folder, inside out/), or a real folder.
    if (!info?.isSymbolicLink()) return;
    const target = await realpath(folder).catch(() => undefined);
    if (target === undefined || !isWithin(target, realOut)) {
      const shown = path.posix.join(path.basename(this.outDir), relativeFolder);
      throw new ConfigError(
        `${shown}: is a symbolic link that leads outside the output folder (to ${target ?? 'a missing place'}); presswire writes and deletes nothing through it; replace it with a folder`,
      );
    }
  }
}
