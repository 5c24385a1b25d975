import path from 'node:path';

/**
 * Where a run's config comes from (config/load.ts, "Loading priority"): the file and the
 * overrides. Apart from load.ts so that a rebuild answered from the no-op index
 * (publish/noop-index.ts) can find its config without loading the schema.
 */

export const DEFAULT_CONFIG_FILE = 'presswire.config.json';

export interface ConfigOverrides {
  configFile?: string;
  articles?: string;
  out?: string;
}

/** The config file: `--config FILE`, else `presswire.config.json` in the working folder. */
export function configFileOf(overrides: ConfigOverrides, cwd: string): string {
  return path.resolve(cwd, overrides.configFile ?? DEFAULT_CONFIG_FILE);
}

/** The environment variables a config's resolution reads (load.ts). */
export function configEnvironment(env: NodeJS.ProcessEnv): { siteUrl: string | null; out: string | null } {
  return { siteUrl: env.PRESSWIRE_SITE_URL || null, out: env.PRESSWIRE_OUT || null };
}
