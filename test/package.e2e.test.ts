import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/cli.js';
import { installedProject, npm, packageEnv as env, packPresswire, run } from './support/package.js';

/**
 * Installed as users install it (the README section "Your own newsroom"): the tarball of
 * `npm pack` (whose `prepare` builds dist/), as a project dependency run with `npx
 * presswire`, and globally. The first use is `presswire init && presswire build`. The
 * tarball and the project that depends on it are made once per run (./support/package.ts),
 * shared with test/library.e2e.test.ts.
 */

const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  homepage: string;
};
let scratch: string;
let tarball: string;
let files: string[];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'presswire-package-'));
  ({ tarball, files } = await packPresswire());
}, 300_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function firstUse(presswire: (args: string[], cwd: string) => Promise<{ stdout: string }>, folder: string) {
  const init = await presswire(['init'], folder);
  expect(init.stdout).toContain('presswire init: wrote presswire.config.json\n');
  const built = await presswire(['build'], folder);
  expect(built.stdout).toMatch(/^presswire build: ok — 1 entry/);
  const atom = await readFile(path.join(folder, 'out/atom.xml'), 'utf8');
  expect(atom).toContain(`<generator uri="${pkg.homepage}" version="${pkg.version}">presswire</generator>`);
  const rss = await readFile(path.join(folder, 'out/rss.xml'), 'utf8');
  expect(rss).toContain(`<generator>presswire ${pkg.version} (${pkg.homepage})</generator>`);
  // The browser view's assets travel in the package.
  expect(await readFile(path.join(folder, 'out/feed.xsl'), 'utf8')).toContain('<xsl:stylesheet');
}

describe('the packed package', () => {
  it('carries the bundle and the browser-view assets, and no sources', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/presswire.js',
        'dist/cli/main.js',
        'dist/index/index.js',
        'dist/types/index.d.ts',
        'package.json',
        'src/site/browser-view/feed.xsl',
        'src/site/browser-view/feed.css',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('runs with npx in a project that depends on it', async () => {
    // A newsroom folder of its own inside the project: npm finds the project above it.
    const folder = path.join(await installedProject(), 'npx-newsroom');
    await mkdir(folder);
    await firstUse((args, cwd) => npm(['exec', '--', 'presswire', ...args], cwd), folder);
  }, 300_000);

  it('runs when installed globally', async () => {
    const prefix = path.join(scratch, 'global');
    await npm(['install', '--global', '--prefer-offline', '--prefix', prefix, tarball], scratch);
    const folder = path.join(scratch, 'global-newsroom');
    await mkdir(folder);
    const bin = path.join(prefix, 'bin/presswire');
    await firstUse((args, cwd) => run(bin, args, { cwd, env, timeout: 120_000 }), folder);
  }, 300_000);
});
