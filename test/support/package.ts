import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { REPO_ROOT } from './cli.js';
import { sleep } from './processes.js';

/**
 * presswire as users get it (the README section "Your own newsroom"): the tarball of `npm
 * pack`, whose `prepare` builds dist/, installed into scratch projects.
 *
 * Packing (esbuild and the type declarations) and installing cost some 20 s of CPU each, so
 * a run does each once, for every test file that needs it (test/package.e2e.test.ts,
 * test/library.e2e.test.ts): test files run in separate processes, so the first to ask
 * does the work in the run's shared folder and the others wait for its result there.
 */

export const run = promisify(execFile);

/** The build's "now" of every packed-package test, so their feeds do not depend on the clock. */
export const NOW = '2026-11-28T00:00:00Z';

export const packageEnv = {
  ...process.env,
  PRESSWIRE_NOW: NOW,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

export const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, env: packageEnv, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });

export interface Packed {
  /** Absolute path of the tarball. */
  tarball: string;
  /** The paths it carries, relative to the package root. */
  files: string[];
}

/**
 * The folder this run's test files share (made by test/support/global-setup.ts, outside the
 * repository so that nothing installed there resolves modules from its node_modules).
 */
async function sharedFolder(): Promise<string> {
  return inject('sharedScratch') ?? (await mkdtemp(path.join(tmpdir(), 'presswire-shared-')));
}

/**
 * `make` done once per run across test files: the file that takes `name`'s lock (an atomic
 * mkdir) makes it in a folder of its own and records the result (or the failure); the
 * others wait for that record.
 */
async function oncePerRun<T>(name: string, make: (folder: string) => Promise<T>): Promise<T> {
  const shared = await sharedFolder();
  const folder = path.join(shared, name);
  const record = path.join(shared, `${name}.json`);
  const taken = await mkdir(folder).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw error;
    },
  );
  if (taken) {
    const outcome = await make(folder).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
    );
    await writeFile(`${record}.tmp`, JSON.stringify(outcome));
    await rename(`${record}.tmp`, record);
  }
  const deadline = Date.now() + 300_000;
  for (;;) {
    const text = await readFile(record, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const outcome = JSON.parse(text) as { value: T } | { error: string };
      if ('error' in outcome) throw new Error(`${name} (made once for this run) failed: ${outcome.error}`);
      return outcome.value;
    }
    if (Date.now() > deadline) throw new Error(`${name} (made once for this run) was not ready within 300 s`);
    await sleep(200);
  }
}

/** `npm pack` of this repository, once per run. */
export function packPresswire(): Promise<Packed> {
  return oncePerRun('packed', async (destination) => {
    const packed = await npm(['pack', '--json', '--pack-destination', destination], REPO_ROOT);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    return { tarball: path.join(destination, info!.filename), files: info!.files.map((f) => f.path) };
  });
}

/**
 * An ES module project (`"type": "module"`) with the packed presswire installed as a
 * dependency, and Node's types for TypeScript (the same version as this repository's), as a
 * user who builds from scripts sets it up; once per run. Returns the project folder.
 */
export function installedProject(): Promise<string> {
  return oncePerRun('project', async (project) => {
    const { tarball } = await packPresswire();
    await writeFile(
      path.join(project, 'package.json'),
      '{ "name": "my-newsroom-tools", "private": true, "type": "module" }\n',
    );
    const nodeTypes = JSON.parse(
      await readFile(path.join(REPO_ROOT, 'node_modules/@types/node/package.json'), 'utf8'),
    ) as { version: string };
    await npm(['install', '--prefer-offline', tarball, `@types/node@${nodeTypes.version}`], project);
    return project;
  });
}
