import { ensureTestTools } from '../../scripts/test-tools.js';

/**
 * Before the end-to-end tests: the Debian tools they judge presswire's output with are
 * installed, or installed now, or the run stops before any test with the command to run
 * (scripts/test-tools.ts). A globalSetup rather than an npm `pretest`, so that
 * `npx vitest run FILE` gets it as well as `npm test`.
 */
export default function setup(): void {
  const outcome = ensureTestTools();
  if (outcome.ok) return;
  process.stderr.write(`\n${outcome.message}\n`);
  // Exit here rather than throw: no worker has started yet, and vitest's report of a
  // thrown error (a stack trace, then "No test files found") would bury the command.
  process.exit(1);
}
