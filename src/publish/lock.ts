import { rmSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { wallTime } from '../clock.js';
import { ConfigError, LockCompromisedError, LockHeldError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * One build per output folder (SPEC §5, issue 4).
 *
 * proper-lockfile takes `<out>.lock` with an atomic mkdir and refreshes the folder's mtime
 * every `update` ms while the build runs. A lock whose mtime is older than `stale` was left
 * by a process that can no longer refresh it (killed, crashed, machine gone), and the next
 * build takes it over; should the old holder still be alive after all (a suspended VM),
 * it notices on its next refresh that the mtime is no longer its own and stops
 * (onCompromised) instead of racing.
 *
 * `<out>.lock.holder.json` beside the lock names the holder (pid, host, command, since)
 * for the second build's message. It is not inside the lock folder because
 * proper-lockfile removes the lock with rmdir, which needs the folder empty. It is
 * written just after the lock is taken and removed just before it is released, so it can
 * briefly be missing or name an earlier holder; it is only ever used for the message and
 * for deciding whether to wait, never to take a lock over: that is decided by the lock's
 * mtime alone.
 *
 * When the named holder is a process on this host that no longer exists (SIGKILL, OOM
 * killer), the build waits for the lock to go stale and then takes it over, instead of
 * failing: so the build after a crash proceeds by itself. A live holder, or one on another
 * host, makes the build fail at once with EXIT.locked.
 */

/** Default staleness: long enough that a busy event loop never loses the lock, short enough for a cron cadence. */
export const DEFAULT_STALE_MS = 15_000;
/** proper-lockfile's floor for `stale`. */
const MIN_STALE_MS = 2_000;

export interface Lock {
  /** Remove the lock (and its holder record). Safe to call after the lock was compromised. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** The command holding the lock, for the holder record ("build", "schedule run 3"). */
  command: string;
  env: NodeJS.ProcessEnv;
  /** Called (once, from a timer) if another process took the lock over; stop at the next safe point. */
  onCompromised(error: LockCompromisedError): void;
}

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export function lockPath(outDir: string): string {
  return `${outDir.replace(/[\\/]+$/, '')}.lock`;
}

export function holderPath(outDir: string): string {
  return `${lockPath(outDir)}.holder.json`;
}

/**
 * PRESSWIRE_LOCK_STALE_MS overrides the staleness (at least 2000): operators whose builds
 * never block the event loop may shorten the wait after a crash; the tests use it so that
 * the build after a SIGKILL does not wait 15 s.
 */
export function staleMs(env: NodeJS.ProcessEnv): number {
  const raw = env.PRESSWIRE_LOCK_STALE_MS;
  if (raw === undefined || raw === '') return DEFAULT_STALE_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < MIN_STALE_MS) {
    throw new ConfigError(
      `PRESSWIRE_LOCK_STALE_MS: expected an integer of at least ${MIN_STALE_MS} (milliseconds) but received ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export async function acquireLock(outDir: string, options: LockOptions): Promise<Lock> {
  await mkdir(outDir, { recursive: true });
  const lockfilePath = lockPath(outDir);
  const stale = staleMs(options.env);
  // A third of `stale`: two refreshes may be late before the lock is at risk.
  const update = Math.max(1_000, Math.floor(stale / 3));
  // Long enough for a lock whose holder died just now to go stale, and a little more.
  const waitUntil = wallTime() + stale + update;
  let compromised = false;
  const removeHolder = () => rmSync(holderPath(outDir), { force: true });
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lockfile.lock(outDir, {
        lockfilePath,
        stale,
        update,
        retries: 0,
        realpath: false,
        onCompromised: (error) => {
          compromised = true;
          process.off('exit', removeHolder);
          options.onCompromised(
            new LockCompromisedError(
              `${lockfilePath}: the lock was taken over by another process (${error.message}); this build stopped`,
              { cause: error },
            ),
          );
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      const holder = await readHolder(outDir);
      const gone = holder !== undefined && holderIsGone(holder);
      if (gone && wallTime() < waitUntil) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      throw new LockHeldError(heldMessage(outDir, lockfilePath, holder, gone));
    }
  }
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date(wallTime()).toISOString(),
  };
  // On a process.exit while holding the lock (a second SIGTERM), proper-lockfile removes
  // the lock itself through signal-exit; this removes the holder record with it.
  process.on('exit', removeHolder);
  await writeFileAtomic(holderPath(outDir), `${JSON.stringify(holder)}\n`);
  return {
    async release() {
      process.off('exit', removeHolder);
      if (!compromised) await rm(holderPath(outDir), { force: true });
      await release().catch((error: NodeJS.ErrnoException) => {
        // Already released because it was compromised: nothing of ours is left to remove.
        if (error.code !== 'ERELEASED' && error.code !== 'ENOTACQUIRED') throw error;
      });
    },
  };
}

async function readHolder(outDir: string): Promise<Holder | undefined> {
  try {
    const data = JSON.parse(await readFile(holderPath(outDir), 'utf8')) as Partial<Holder>;
    if (typeof data.pid !== 'number' || typeof data.host !== 'string') return undefined;
    return {
      pid: data.pid,
      host: data.host,
      command: String(data.command ?? 'presswire'),
      since: String(data.since ?? 'an unknown time'),
    };
  } catch {
    return undefined;
  }
}

/** The holder ran on this host and its process no longer exists. */
function holderIsGone(holder: Holder): boolean {
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function heldMessage(outDir: string, lockfilePath: string, holder: Holder | undefined, gone: boolean): string {
  const who = holder
    ? `pid ${holder.pid} on ${holder.host} (presswire ${holder.command}, since ${holder.since})${gone ? ', which is no longer running' : ''}`
    : 'another presswire process (it has not recorded its name yet)';
  return `${outDir}: another build holds the lock: ${who}; lock ${lockfilePath}. Nothing was built; try again when it ends.`;
}
