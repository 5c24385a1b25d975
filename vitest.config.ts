import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (the pure modules' tests beside them in src/; `npm run test:unit`)
 * and `e2e` (everything in test/: the real CLI, sharp on real files, child processes, the
 * independent validators, Chromium). Only a run that includes e2e files checks the Debian
 * tools first.
 */

export default defineConfig({
  test: {
    // End-to-end tests spawn the real CLI and external parsers; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one file at a time on 2 cores (cores - 1). An end-to-end file spends
    // much of its time waiting (a child process starting, a cron tick, a lock going stale, a
    // validator's start-up), and no two files share a folder or a lock: one file more than
    // there are cores keeps them busy (on 2 cores: 361 s with two at a time, 305 s with three).
    maxWorkers: availableParallelism() + 1,
    // A worker process runs file after file instead of starting afresh for each: starting a
    // fork and importing vitest, the test's modules and their dependencies again cost about
    // half a second of CPU per file (the unit project: 34 s -> 9 s on 2 cores). No test file
    // changes process-wide state (environment, working folder, globals) without restoring it,
    // and each keeps its own folders, so nothing carries over from one file to the next.
    isolate: false,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});
