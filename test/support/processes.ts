import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { cliArgv } from './cli.js';

/**
 * The real CLI as a long-running child process (`schedule`, signals, SIGKILL),
 * with its stdout read as JSON lines (`--json`) while it runs.
 */

/** One line of `--json` output. */
export interface LogLine {
  time: string;
  event: string;
  level?: string;
  run?: number;
  outcome?: string;
  message?: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningCli {
  child: ChildProcess;
  pid: number;
  /** JSON lines printed so far, in order. */
  lines: LogLine[];
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the first line (already printed or yet to come) that matches; rejects after timeoutMs. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves once `count` lines match. */
  waitForLines(match: (line: LogLine) => boolean, count: number, timeoutMs?: number): Promise<LogLine[]>;
  /** SIGKILL if still running (for afterEach). */
  kill(): Promise<void>;
}

export function startCli(
  args: readonly string[],
  options: {
    cwd: string;
    env?: Record<string, string>;
    /**
     * Runs the CLI in a user namespace of its own whose limit on inotify watches is this
     * (util-linux's unshare; /proc/sys/user/max_inotify_watches is per namespace), as on a
     * machine whose limit is that low, without touching the limit of anything else running.
     */
    inotifyWatchLimit?: number;
  },
): RunningCli {
  const [command, argv] =
    options.inotifyWatchLimit === undefined
      ? [process.execPath, cliArgv(args)]
      : [
          'unshare',
          [
            '--user',
            '--map-root-user',
            'sh',
            '-c',
            `echo ${options.inotifyWatchLimit} > /proc/sys/user/max_inotify_watches && exec "$0" "$@"`,
            process.execPath,
            ...cliArgv(args),
          ],
        ];
  const child = spawn(command, argv, {
    cwd: options.cwd,
    env: { ...process.env, PRESSWIRE_NOW: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not start the presswire CLI');
  const lines: LogLine[] = [];
  let out = '';
  let err = '';
  let pending = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const text = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (text.startsWith('{')) lines.push(JSON.parse(text) as LogLine);
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
      for (const wake of waiters) wake();
    }),
  );
  const waitForLines = (match: (line: LogLine) => boolean, count: number, timeoutMs = 30_000) =>
    new Promise<LogLine[]>((resolve, reject) => {
      const check = () => {
        const found = lines.filter(match);
        if (found.length >= count) return finish(() => resolve(found.slice(0, count)));
        if (done)
          finish(() =>
            reject(new Error(`the CLI exited before ${count} matching lines; stdout:\n${out}\nstderr:\n${err}`)),
          );
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`no ${count} matching lines within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)),
          ),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    pid: child.pid,
    lines,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLines,
    waitForLine: async (match, timeoutMs) => (await waitForLines(match, 1, timeoutMs))[0]!,
    async kill() {
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Resolve after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `check` every 20 ms until it returns true; reject after timeoutMs. */
export async function pollUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The processes whose parent is `pid` (Linux, from /proc), each by its program as started. */
export async function childProcessesOf(pid: number): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The fields after the command's closing parenthesis: state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent !== pid) continue;
    const program = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    // A child that has exited but is not reaped yet has no command line.
    if (program !== '') found.push(program.split('\0')[0] as string);
  }
  return found;
}

/** How many inotify instances process `pid` holds (Linux, from /proc): file watches it has started. */
export async function inotifyInstances(pid: number): Promise<number> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target === 'anon_inode:inotify').length;
}
