import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, LockCompromisedError, LockHeldError } from '../errors.js';
import { acquireLock, holderPath, lockPath, staleMs } from './lock.js';

let dir: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-lock-'));
  out = path.join(dir, 'out');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
const options = (env: NodeJS.ProcessEnv = {}) => ({ command: 'build', env, onCompromised: () => undefined });

describe('staleMs', () => {
  it.each([
    [undefined, 15_000],
    ['', 15_000],
    ['2000', 2_000],
    ['60000', 60_000],
  ])('PRESSWIRE_LOCK_STALE_MS=%s gives %i', (raw, expected) => {
    expect(staleMs(raw === undefined ? {} : { PRESSWIRE_LOCK_STALE_MS: raw })).toBe(expected);
  });

  it.each(['1999', '2.5s', 'soon', '3600001', '99999999999999'])('refuses %s as a config error', (raw) => {
    expect(() => staleMs({ PRESSWIRE_LOCK_STALE_MS: raw })).toThrow(ConfigError);
  });
});

describe('acquireLock', () => {
  it('records the holder while held and removes lock and record on release', async () => {
    const lock = await acquireLock(out, options());
    expect(await exists(lockPath(out))).toBe(true);
    expect(await exists(holderPath(out))).toBe(true);
    await lock.release();
    expect(await exists(lockPath(out))).toBe(false);
    expect(await exists(holderPath(out))).toBe(false);
  });

  it('refuses a second holder at once, naming the first', async () => {
    const lock = await acquireLock(out, options());
    const error = await acquireLock(out, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).exitCode).toBe(3);
    expect((error as LockHeldError).message).toMatch(
      new RegExp(
        `^${out}: another build holds the lock: pid ${process.pid} on ${hostname()} \\(presswire build, since \\d{4}-[\\d-]+T[\\d:.]+Z\\); lock ${out}\\.lock\\.`,
      ),
    );
    await lock.release();
  });

  it('waits for the lock of a process that no longer exists to go stale, then takes it over', async () => {
    // A pid that existed a moment ago and is gone now.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    await mkdir(out, { recursive: true });
    await mkdir(lockPath(out));
    await writeFile(
      holderPath(out),
      JSON.stringify({ pid: deadPid, host: hostname(), command: 'build', since: '2026-01-01T00:00:00.000Z' }),
    );
    const started = Date.now();
    const lock = await acquireLock(out, options({ PRESSWIRE_LOCK_STALE_MS: '2000' }));
    // Not before the lock went stale: the takeover is decided by the lock's age alone.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    await lock.release();
  });

  it('fails at once on a fresh lock held on another host, however it looks', async () => {
    await mkdir(out, { recursive: true });
    await mkdir(lockPath(out));
    await writeFile(
      holderPath(out),
      JSON.stringify({ pid: 1, host: 'build-server-2', command: 'schedule run 7', since: '2026-01-01T00:00:00.000Z' }),
    );
    const error = await acquireLock(out, options({ PRESSWIRE_LOCK_STALE_MS: '2000' })).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      'another build holds the lock: pid 1 on build-server-2 (presswire schedule run 7, since 2026-01-01T00:00:00.000Z)',
    );
  });

  it('is one lock for a folder and a symbolic link to it', async () => {
    await mkdir(out, { recursive: true });
    const link = path.join(dir, 'link');
    await symlink(out, link);
    const lock = await acquireLock(out, options());
    const error = await acquireLock(link, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).message).toContain(`lock ${out}.lock.`);
    await lock.release();
  });

  it('verify() passes while held and fails, exit 75, once another holder recorded itself', async () => {
    const lock = await acquireLock(out, options({ PRESSWIRE_LOCK_STALE_MS: '2000' }));
    await expect(lock.verify()).resolves.toBeUndefined();
    await writeFile(holderPath(out), JSON.stringify({ token: 'someone-else', pid: 1, host: hostname() }));
    // Within the window in which no takeover is possible, no file is read.
    await expect(lock.verify()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    const error = await lock.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockCompromisedError);
    expect((error as LockCompromisedError).exitCode).toBe(75);
    expect((error as Error).message).toBe(
      `${out}: another build took over this output folder (lock ${out}.lock); nothing more was published; run again`,
    );
    await lock.release();
  });
});
