import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (the pure modules, and tests that need neither the CLI nor the
 * Debian tools; `npm run test:unit`) and `e2e` (the real CLI, the independent validators,
 * Chromium). Only a run that includes e2e files checks the Debian tools first.
 */
const NEEDS_TOOLS = ['test/**/*.e2e.test.ts', 'test/**/*.property.test.ts', 'test/support/**/*.test.ts'];

export default defineConfig({
  test: {
    // End-to-end tests spawn the real CLI and external parsers; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: NEEDS_TOOLS },
      },
      {
        extends: true,
        test: { name: 'e2e', include: NEEDS_TOOLS, globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});
