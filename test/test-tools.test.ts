import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFor, TEST_PACKAGES } from '../scripts/test-tools.js';
import { REPO_ROOT } from './support/cli.js';

/**
 * The set-up check before the end-to-end tests (docs/development.md, "Tests and the tools they
 * need"): the real script and the real vitest as child processes, with a PATH and a file-system
 * root that lack the tools, so nothing has to be uninstalled to see what a fresh machine sees.
 */

const FULL_LIST =
  'python3-feedparser libxml2-utils jing chromium fonts-liberation fonts-dejavu-core libimage-exiftool-perl';
const AS_ROOT = `apt-get update && apt-get install -y --no-install-recommends ${FULL_LIST}`;
const WITH_SUDO = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${FULL_LIST}`;
const ALL_MISSING =
  'presswire tests: Debian packages the tests need are missing: python3-feedparser (Universal Feed Parser), ' +
  'libxml2-utils (xmllint), jing (RELAX NG validation of Atom, with a Java runtime), chromium (the browser-view tests), ' +
  'fonts-liberation (text in Chromium screenshots), fonts-dejavu-core (text in Chromium screenshots), ' +
  'libimage-exiftool-perl (reading image metadata).\n';
const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], env: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    // Only what is given: no inherited PATH can lead to the real tools.
    execFile(process.execPath, [...args], { cwd: REPO_ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let scratch: string;
let emptyDir: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'presswire-test-tools-'));
  emptyDir = path.join(scratch, 'empty');
  await mkdir(emptyDir);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('what the check does about missing packages', () => {
  const missing = TEST_PACKAGES.filter((pkg) => pkg.name === 'jing');

  it('installs them as root, and through sudo when sudo needs no password', () => {
    expect(planFor(missing, { kind: 'root', sudoExists: false }, false)).toEqual({
      action: 'install',
      withSudo: false,
    });
    expect(planFor(missing, { kind: 'sudo', sudoExists: true }, false)).toEqual({ action: 'install', withSudo: true });
  });

  it('tells the command to run as root when it is not root and has no sudo', () => {
    expect(planFor(missing, { kind: 'none', sudoExists: false }, false)).toEqual({
      action: 'tell',
      message:
        'presswire tests: Debian packages the tests need are missing: jing (RELAX NG validation of Atom, with a Java runtime).\n' +
        'They cannot be installed from here (not root, and no password-less sudo). Run this as root, then the tests again:\n\n' +
        `  ${AS_ROOT}\n`,
    });
  });

  it('tells the sudo command when sudo asks for a password', () => {
    expect(planFor(missing, { kind: 'none', sudoExists: true }, false)).toEqual({
      action: 'tell',
      message:
        'presswire tests: Debian packages the tests need are missing: jing (RELAX NG validation of Atom, with a Java runtime).\n' +
        'They cannot be installed from here (not root, and no password-less sudo). Run this with sudo, then the tests again:\n\n' +
        `  ${WITH_SUDO}\n`,
    });
  });

  it('only tells, even as root, with PRESSWIRE_TEST_TOOLS=check', () => {
    const plan = planFor(missing, { kind: 'root', sudoExists: false }, true);
    expect(plan).toEqual({
      action: 'tell',
      message:
        'presswire tests: Debian packages the tests need are missing: jing (RELAX NG validation of Atom, with a Java runtime).\n' +
        `Not installing them (PRESSWIRE_TEST_TOOLS=check). Run this as root, then the tests again:\n\n  ${AS_ROOT}\n`,
    });
  });
});

describe('scripts/test-tools.ts on a machine without the tools', () => {
  it('exits 1 at once, printing every missing package and the exact apt-get command', async () => {
    const started = Date.now();
    const result = await run(['--import', TSX, 'scripts/test-tools.ts'], {
      PATH: emptyDir,
      PRESSWIRE_TEST_TOOLS_ROOT: emptyDir,
      PRESSWIRE_TEST_TOOLS: 'check',
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        ALL_MISSING +
        `Not installing them (PRESSWIRE_TEST_TOOLS=check). Run this as root, then the tests again:\n\n  ${AS_ROOT}\n`,
    });
    // "At once": no apt-get, no network; the bound is loose for a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('names only what is missing, and still prints the whole list to install', async () => {
    // Fonts and chromium as files under the root, xmllint and jing (but no java) on PATH.
    const root = path.join(scratch, 'partial-root');
    const bin = path.join(scratch, 'partial-bin');
    for (const file of [
      'usr/bin/chromium',
      'usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
      'usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    ]) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), '');
    }
    await mkdir(bin);
    for (const command of ['xmllint', 'jing']) {
      await writeFile(path.join(bin, command), '#!/bin/sh\nexit 0\n');
      await chmod(path.join(bin, command), 0o755);
    }
    const result = await run(['--import', TSX, 'scripts/test-tools.ts'], {
      PATH: bin,
      PRESSWIRE_TEST_TOOLS_ROOT: root,
      PRESSWIRE_TEST_TOOLS: 'check',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'presswire tests: Debian packages the tests need are missing: python3-feedparser (Universal Feed Parser), ' +
        'jing (RELAX NG validation of Atom, with a Java runtime), libimage-exiftool-perl (reading image metadata).\n' +
        `Not installing them (PRESSWIRE_TEST_TOOLS=check). Run this as root, then the tests again:\n\n  ${AS_ROOT}\n`,
    );
  });

  it('stops `vitest run` on an end-to-end file before any test runs', async () => {
    const result = await run(['node_modules/vitest/vitest.mjs', 'run', 'test/support/validators.test.ts'], {
      PATH: emptyDir,
      PRESSWIRE_TEST_TOOLS_ROOT: emptyDir,
      PRESSWIRE_TEST_TOOLS: 'check',
      NO_COLOR: '1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `\n${ALL_MISSING}Not installing them (PRESSWIRE_TEST_TOOLS=check). Run this as root, then the tests again:\n\n  ${AS_ROOT}\n\n`,
    );
    expect(result.stdout).not.toMatch(/passed|failed|✓/);
  });
});
