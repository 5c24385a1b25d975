import fs, { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { monotonicMs, wallTime } from '../clock.js';
import { ConfigError, LockCompromisedError, LockHeldError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * One build per output folder (SPEC §5).
 *
 * proper-lockfile takes `<out>.lock` with an atomic mkdir and refreshes the folder's mtime
 * every `update` ms while the build runs. A lock whose mtime is older than `stale` was left
 * by a process that can no longer refresh it (killed, crashed, machine gone), and the next
 * build takes it over (the first mtime, set as proper-lockfile probes the file system's
 * precision, is the next whole second: a lock left just after it was taken goes stale up to
 * a second later); should the old holder still be alive after all (a suspended VM),
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
/** An hour: beyond it a crashed build blocks the next ones for longer than any cron cadence, and timers overflow long before. */
const MAX_STALE_MS = 3_600_000;
/** Room for clock jitter in `verify`'s window in which no takeover is possible. */
const VERIFY_MARGIN_MS = 500;

export interface Lock {
  /** Remove the lock (and its holder record). Safe to call after the lock was compromised. */
  release(): Promise<void>;
  /**
   * Throws LockCompromisedError unless this build still holds the lock: called before each
   * publishing step (publish/lock-gate.ts). Cheap while the lock is surely fresh; otherwise
   * one stat of the lock and one read of the holder record.
   */
  verify(): Promise<void>;
}

export interface LockOptions {
  /** The command holding the lock, for the holder record ("build", "schedule run 3"). */
  command: string;
  env: NodeJS.ProcessEnv;
  /** Called (once, from a timer) if another process took the lock over; stop at the next safe point. */
  onCompromised(error: LockCompromisedError): void;
}

interface Holder {
  /** Unique per acquisition: tells this build's record from the one of a build that took the lock over. */
  token?: string;
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
  if (!Number.isInteger(value) || value < MIN_STALE_MS || value > MAX_STALE_MS) {
    throw new ConfigError(
      `PRESSWIRE_LOCK_STALE_MS: expected an integer from ${MIN_STALE_MS} to ${MAX_STALE_MS} (milliseconds) but received ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export async function acquireLock(outDir: string, options: LockOptions): Promise<Lock> {
  await mkdir(outDir, { recursive: true });
  // Keyed on the real folder: `--out real` and `--out link` (a symbolic link to it) are one
  // folder and must take one lock.
  const realOut = await realpath(outDir);
  const lockfilePath = lockPath(realOut);
  const stale = staleMs(options.env);
  // A third of `stale`: two refreshes may be late before the lock is at risk.
  const update = Math.max(1_000, Math.floor(stale / 3));
  // Long enough for a lock whose holder died just now to go stale, and a little more.
  const waitUntil = wallTime() + stale + update;
  const held: Held = {
    outDir,
    realOut,
    lockfilePath,
    stale,
    compromised: false,
    lost: false,
    removeHolder: () => rmSync(holderPath(realOut), { force: true }),
    lostError: (cause?: unknown) =>
      new LockCompromisedError(
        `${outDir}: another build took over this output folder (lock ${lockfilePath}); nothing more was published; run again`,
        cause === undefined ? undefined : { cause },
      ),
  };
  const release = await takeLock(held, { update, waitUntil, onCompromised: options.onCompromised });
  const token = randomUUID();
  const holder: Holder = {
    token,
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date(wallTime()).toISOString(),
  };
  // On a process.exit while holding the lock (a second SIGTERM), proper-lockfile removes
  // the lock itself through signal-exit; this removes the holder record with it.
  process.on('exit', held.removeHolder);
  await writeFileAtomic(holderPath(realOut), `${JSON.stringify(holder)}\n`);
  return heldLock(held, token, release);
}

/** One acquisition of the lock, as its verify and release see it. */
interface Held {
  outDir: string;
  realOut: string;
  lockfilePath: string;
  stale: number;
  /** Set when proper-lockfile finds on a refresh that the lock is no longer ours. */
  compromised: boolean;
  /**
   * Set once verify() finds the lock taken over. proper-lockfile does not know yet and would
   * remove the lock folder on release or exit, which is now the other build's: the file
   * system it is given turns that into a no-op, and its next refresh finds the lock gone.
   */
  lost: boolean;
  removeHolder(): void;
  lostError(cause?: unknown): LockCompromisedError;
}

/**
 * Takes the lock, or throws LockHeldError; while the named holder is a process of this host
 * that is gone, waits (until `waitUntil`) for its lock to go stale.
 */
async function takeLock(
  held: Held,
  { update, waitUntil, onCompromised }: { update: number; waitUntil: number } & Pick<LockOptions, 'onCompromised'>,
): Promise<() => Promise<void>> {
  for (;;) {
    try {
      return await lockfile.lock(held.outDir, {
        lockfilePath: held.lockfilePath,
        stale: held.stale,
        update,
        retries: 0,
        realpath: false,
        fs: lockFileSystem(held),
        onCompromised: (error) => {
          held.compromised = true;
          process.off('exit', held.removeHolder);
          onCompromised(held.lostError(error));
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      const holder = await readHolder(held.realOut);
      const gone = holder !== undefined && holderIsGone(holder);
      // No holder record: its process either records it within milliseconds (then the next
      // look names it) or died before it could (a SIGKILL right after taking the lock), and
      // then its lock goes stale like any dead holder's.
      if ((gone || holder === undefined) && wallTime() < waitUntil) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      throw new LockHeldError(heldMessage(held.outDir, held.lockfilePath, holder, gone));
    }
  }
}

/** The file system proper-lockfile is given: once the lock is lost, removing or refreshing it does nothing. */
function lockFileSystem(held: Held) {
  return {
    ...fs,
    rmdir: (file: string, callback: (error: NodeJS.ErrnoException | null) => void) =>
      held.lost ? callback(null) : fs.rmdir(file, callback),
    rmdirSync: (file: string) => (held.lost ? undefined : fs.rmdirSync(file)),
    stat: (file: string, callback: (error: NodeJS.ErrnoException | null, stats?: fs.Stats) => void) =>
      held.lost ? callback(Object.assign(new Error('lock taken over'), { code: 'ENOENT' })) : fs.stat(file, callback),
  };
}

function heldLock(held: Held, token: string, release: () => Promise<void>): Lock {
  const { realOut, lockfilePath, stale } = held;
  // Until when (wall and monotonic clocks) no other build can have taken the lock over: it
  // was fresh when last seen, and a lock is taken over only once it is `stale` old.
  let safeUntilWall = 0;
  let safeUntilMono = 0;
  return {
    async verify() {
      if (held.compromised || held.lost) throw held.lostError();
      const wall = wallTime();
      const mono = monotonicMs();
      if (wall < safeUntilWall && mono < safeUntilMono) return;
      const info = await stat(lockfilePath).catch(() => undefined);
      const age = info ? wall - info.mtimeMs : Infinity;
      // Older than `stale`: proper-lockfile counts it lost too, and anyone may take it now.
      const current = age < stale ? await readHolder(realOut) : undefined;
      if (current?.token !== token) {
        held.lost = true;
        process.off('exit', held.removeHolder);
        throw held.lostError();
      }
      const left = stale - VERIFY_MARGIN_MS - Math.max(0, age);
      safeUntilWall = wall + left;
      safeUntilMono = mono + left;
    },
    async release() {
      process.off('exit', held.removeHolder);
      if (held.lost) return;
      if (!held.compromised) await rm(holderPath(realOut), { force: true });
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
      ...(typeof data.token === 'string' ? { token: data.token } : {}),
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
