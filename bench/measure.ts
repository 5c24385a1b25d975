import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared by every benchmark scenario: run a child process and measure it; print a table. */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE_PROBE = path.join(REPO_ROOT, 'bench/usage-probe.mjs');

export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, process start-up included. */
  wallMs: number;
  /** Peak resident set size of the child, KiB. */
  peakRssKb: number;
  /** CPU time of the child, user + system, all its threads. */
  cpuMs: number;
}

/** `node --import usage-probe …args`, measured. */
export async function measureNode(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Measured> {
  const dir = await mkdtemp(path.join(tmpdir(), 'presswire-bench-usage-'));
  const usageFile = path.join(dir, 'usage.json');
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await runChild(process.execPath, ['--import', USAGE_PROBE, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, BENCH_USAGE_FILE: usageFile },
    });
    const wallMs = performance.now() - started;
    const usage = JSON.parse(await readFile(usageFile, 'utf8').catch(() => '{}')) as {
      maxRssKb?: number;
      cpuUs?: number;
    };
    return { code, stdout, stderr, wallMs, peakRssKb: usage.maxRssKb ?? NaN, cpuMs: (usage.cpuUs ?? NaN) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A child process run to its end, its output collected. */
function runChild(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ code: status ?? 1, stdout: out, stderr: err }));
  });
}

export type Cell = string | number;

/** A plain-text table, columns padded, numbers right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[], source: readonly Cell[]) =>
    row
      .map((cell, i) => (typeof source[i] === 'number' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0] ?? [], header), rule, ...rows.map((row, r) => line(cells[r + 1] ?? [], row))].join('\n');
}

export const seconds = (ms: number): string => (ms / 1000).toFixed(2);
export const mib = (kib: number): string => (kib / 1024).toFixed(0);

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** The run of median wall time (an odd number of runs): short runs on a shared machine are noisy. */
export function medianRun(runs: readonly Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)] as Measured;
}

/** Builds dist/ as `npm ci` does (scripts/build-dist.mjs): the benches measure presswire as installed. */
export function buildDist(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-dist.mjs')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

/** Where GNU time lives on Debian (package `time`): it measures a non-Node child's peak RSS and CPU. */
export const GNU_TIME = '/usr/bin/time';

/**
 * Any program (not Node: measureNode probes from inside), measured by GNU time: peak RSS is
 * the child's own maxrss (`%M`), CPU its user + system time, all threads.
 */
export async function measureCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Measured> {
  const dir = await mkdtemp(path.join(tmpdir(), 'presswire-bench-usage-'));
  const usageFile = path.join(dir, 'usage.txt');
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await runChild(GNU_TIME, ['-f', '%M %U %S', '-o', usageFile, command, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
    });
    const wallMs = performance.now() - started;
    // The last line: GNU time writes "Command exited with non-zero status N" above it on failure.
    const last = (await readFile(usageFile, 'utf8').catch(() => '')).trim().split('\n').pop() ?? '';
    const [maxRssKb, user, system] = last.split(' ').map(Number);
    return {
      code,
      stdout,
      stderr,
      wallMs,
      peakRssKb: maxRssKb ?? NaN,
      cpuMs: ((user ?? NaN) + (system ?? NaN)) * 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes back, untimed, what earlier runs left in the page cache. A process that does not
 * fsync (the baselines, Hugo) exits with its files still dirty in memory, and the kernel
 * writes them back over the next 30 s or so, in whichever run comes next: with the CPU
 * that costs, and, for a build that flushes its whole file system as presswire does its
 * renditions (docs/architecture.md, "Why renditions are made durable in groups"), inside
 * that build's own flush. Flushed here first, each timed run pays for its own writes only.
 */
export function writeBackDirtyPages(): void {
  execFileSync('sync', { stdio: 'ignore' });
}

/**
 * Clears the folders a timed run writes by moving them into a trash folder (on the same file
 * system), which is deleted only once no timed run follows (`empty`).
 *
 * Why not delete them: on ext4 without a journal, as on the machines this bench runs on, the
 * kernel does not reuse an inode for 60 s after it was freed (300 s while its inode-table block
 * is dirty), and each new file's allocation walks past all of those inodes again
 * (fs/ext4/ialloc.c, `find_inode_bit` → `recently_deleted`). Deleting the last run's thousands
 * of files just before a run charged that run seconds of system time for the bench's own
 * cleanup, more the more files it creates: `perf record` put 4.3% of a cold images build in
 * `openat` that way, 0.3% with the last run's folders moved aside instead
 * (docs/architecture.md, "Benchmark").
 */
export class OutputTrash {
  private moved = 0;

  constructor(private readonly dir: string) {}

  /** Moves each folder that exists into the trash. */
  async clear(folders: readonly string[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const folder of folders) {
      await rename(folder, path.join(this.dir, String(this.moved++))).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }

  async empty(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
