import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ensureTestTools } from '../../scripts/test-tools.js';
import { startValidatorServers, type ValidatorServers } from './validator-servers.js';

// Not imported from ./cli.js: that module imports vitest's test runtime, which this process has not.
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI bundled from src/ for this run (see setup); absent: tests run src/ through tsx. */
    presswireCli?: string;
    /** Feedparser and jing, started once for the run (see ./validator-servers.ts). */
    validatorServers?: ValidatorServers;
    /** A scratch folder the run's test files share (./package.ts: one packed and installed presswire). */
    sharedScratch?: string;
  }
}

/**
 * Before the end-to-end tests, which spawn the CLI a few hundred times:
 *
 * 1. The Debian tools they judge presswire's output with are installed, or installed now,
 *    or the run stops before any test with the command to run (scripts/test-tools.ts).
 *    A globalSetup rather than an npm `pretest`, so that `npx vitest run FILE` gets it as
 *    well as `npm test`.
 * 2. src/ is bundled afresh, as `npm ci` bundles dist/, into a folder of this run's own
 *    (never dist/, which test/dist.e2e.test.ts rebuilds while other files run). Started
 *    from the bundle, a CLI process and each of its worker threads load a few files instead
 *    of compiling some 200 modules through tsx: about a second of CPU less per process.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outcome = ensureTestTools();
  if (!outcome.ok) {
    process.stderr.write(`\n${outcome.message}\n`);
    // Exit here rather than throw: no worker has started yet, and vitest's report of a
    // thrown error (a stack trace, then "No test files found") would bury the command.
    process.exit(1);
  }

  const folder = `.test-cli-${process.pid}`;
  const [validators] = await Promise.all([
    startValidatorServers(),
    promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'scripts/build-dist.mjs'), folder], {
      cwd: REPO_ROOT,
    }),
  ]);
  project.provide('presswireCli', path.join(REPO_ROOT, folder, 'cli/main.js'));
  project.provide('validatorServers', validators.servers);
  const shared = await mkdtemp(path.join(tmpdir(), 'presswire-run-'));
  project.provide('sharedScratch', shared);
  return async () => {
    validators.stop();
    await Promise.all([
      rm(path.join(REPO_ROOT, folder), { recursive: true, force: true }),
      rm(shared, { recursive: true, force: true }),
    ]);
  };
}
