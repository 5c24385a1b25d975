import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { LockHeldError } from '../errors.js';

/**
 * One build per output folder (SPEC §5). proper-lockfile takes `<out>.lock` with an atomic
 * mkdir, refreshes its mtime while the build runs, and treats a lock whose mtime is older
 * than `stale` as abandoned by a killed process, so the next build takes it over safely.
 * `<out>.lock.holder.json` beside it names who holds it, for the second build's message
 * (not inside: proper-lockfile removes the lock with rmdir, which needs it empty).
 */

const STALE_MS = 15_000;
const UPDATE_MS = 5_000;

export interface Lock {
  release(): Promise<void>;
}

export function lockPath(outDir: string): string {
  return `${outDir.replace(/[\\/]+$/, '')}.lock`;
}

export async function acquireLock(outDir: string, command: string, now: number): Promise<Lock> {
  await mkdir(outDir, { recursive: true });
  const lockfilePath = lockPath(outDir);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(outDir, {
      lockfilePath,
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: 0,
      realpath: false,
      // If the lock is lost (e.g. the machine was suspended past `stale`), stop rather than race.
      onCompromised: (error) => {
        throw error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      const holder = await readFile(`${lockfilePath}.holder.json`, 'utf8')
        .then((text) => JSON.parse(text) as { pid?: number; host?: string; command?: string; since?: string })
        .catch(() => undefined);
      const who = holder
        ? `pid ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`
        : 'another presswire process';
      throw new LockHeldError(`${outDir}: another build is running (${who}); lock ${lockfilePath}. Try again when it ends.`);
    }
    throw error;
  }
  await writeFile(
    `${lockfilePath}.holder.json`,
    JSON.stringify({ pid: process.pid, host: hostname(), command, since: new Date(now).toISOString() }),
  ).catch(() => undefined);
  return { release: () => release() };
}
