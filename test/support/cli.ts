import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for running the real CLI from source (never from dist/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO_ROOT, 'src/cli/main.ts');
// tsx's full loader (ESM and CommonJS hooks): worker threads (piscina) need both to load .ts.
const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** `presswire <args>` as a real child process, run from source through tsx. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, CLI, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, PRESSWIRE_NOW: '', ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The argv that starts the CLI from source, for tests that manage the process themselves (signals). */
export function cliArgv(args: readonly string[]): string[] {
  return ['--import', TSX, CLI, ...args];
}
