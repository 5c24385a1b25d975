import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The repository root. */
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
  /** Run src/ through tsx even when this run has a bundle (to compare the two). */
  fromSource?: boolean;
}

/**
 * How a child process starts the CLI: from this run's fresh bundle of src/ when the
 * end-to-end set-up made one (test/support/global-setup.ts), else from src/ through tsx.
 */
function entryArgv(fromSource = false): string[] {
  const bundled = fromSource ? undefined : inject('presswireCli');
  return bundled === undefined ? ['--import', TSX, CLI] : [bundled];
}

/** `presswire <args>` as a real child process, run from the sources. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entryArgv(options.fromSource), ...args],
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

/** The argv that starts the CLI, for tests that manage the process themselves (signals). */
export function cliArgv(args: readonly string[]): string[] {
  return [...entryArgv(), ...args];
}
