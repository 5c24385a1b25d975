import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './cli.js';

/**
 * presswire as users get it (the README section "Your own newsroom"): the tarball of `npm
 * pack`, whose `prepare` builds dist/, installed into scratch projects.
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

/** `npm pack` of this repository into `destination`. */
export async function packPresswire(destination: string): Promise<Packed> {
  const packed = await npm(['pack', '--json', '--pack-destination', destination], REPO_ROOT);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  return { tarball: path.join(destination, info!.filename), files: info!.files.map((f) => f.path) };
}
