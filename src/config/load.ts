import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { configIssueLines } from './messages.js';
import { missingConfigMessage, missingIdentityKeys, missingIdentityMessage } from './identity.js';
import { parseConfigText } from './parse-text.js';
import { configSchema, type ResolvedConfig } from './schema.js';
import { outputFolders } from './folders.js';
import { configFileOf, type ConfigOverrides } from './source.js';

/**
 * Loading priority (lowest to highest), after c12's README:
 *   1. defaults in schema.ts (none for the site's identity: site.title and site.url must be set)
 *   2. the config file (`--config FILE`, else `presswire.config.json` in the working folder; required)
 *   3. environment: PRESSWIRE_SITE_URL → site.url, PRESSWIRE_OUT → out
 *   4. flags: --articles DIR, --out DIR
 * Paths from the file are relative to the file's folder; paths from the environment and
 * flags are relative to the working folder.
 */

export { DEFAULT_CONFIG_FILE, type ConfigOverrides } from './source.js';

export async function loadConfig(
  overrides: ConfigOverrides,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ResolvedConfig> {
  const explicit = overrides.configFile !== undefined;
  const configFile = configFileOf(overrides, cwd);
  const display = path.relative(cwd, configFile) || configFile;
  let raw: unknown = {};
  let found = false;
  try {
    const parsedText = parseConfigText(await readFile(configFile, 'utf8'));
    if (!parsedText.ok) throw new ConfigError(`${display}:${parsedText.message}`);
    raw = parsedText.value;
    found = true;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) throw new ConfigError(missingConfigMessage(display));
    else if (code === 'ENOENT') throw new ConfigError(`${display}: expected a config file but there is none`);
    else
      throw new ConfigError(`${display}: cannot read the config file: ${(error as Error).message}`, { cause: error });
  }

  return resolveConfig(
    raw,
    { display, base: found ? path.dirname(configFile) : cwd, configFile: found ? configFile : undefined },
    overrides,
    env,
    cwd,
  );
}

/**
 * A config given as an object (the library's `config` option) rather than a file: checked by
 * the same schema with the same messages, its relative paths resolved against `cwd`.
 */
export function resolveConfigObject(
  raw: unknown,
  overrides: Omit<ConfigOverrides, 'configFile'>,
  env: NodeJS.ProcessEnv,
  cwd: string,
): ResolvedConfig {
  return resolveConfig(raw, { display: 'config', base: cwd, configFile: undefined }, overrides, env, cwd);
}

interface ConfigSource {
  /** How messages name the config: the file's path, or `config` for an object. */
  display: string;
  /** The folder the config's own relative paths are resolved against. */
  base: string;
  configFile: string | undefined;
}

function resolveConfig(
  raw: unknown,
  source: ConfigSource,
  overrides: ConfigOverrides,
  env: NodeJS.ProcessEnv,
  cwd: string,
): ResolvedConfig {
  const { display, base } = source;
  if (env.PRESSWIRE_SITE_URL) raw = withSiteUrl(raw, env.PRESSWIRE_SITE_URL);
  const missing = missingIdentityKeys(raw);
  if (missing.length > 0) throw new ConfigError(missingIdentityMessage(display, missing));
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(configIssueLines(parsed.error.issues, raw, display, configSchema).join('\n'));
  }
  const config = parsed.data;
  const siteUrl = config.site.url.endsWith('/') ? config.site.url : `${config.site.url}/`;
  const { outDir, stateDir } = outputFolders(config, base, overrides.out ?? env.PRESSWIRE_OUT, cwd);
  return {
    ...config,
    site: { ...config.site, url: siteUrl },
    articlesDir: overrides.articles ? path.resolve(cwd, overrides.articles) : path.resolve(base, config.articles),
    outDir,
    stateDir,
    ...(config.static ? { staticDir: path.resolve(base, config.static) } : {}),
    configFile: source.configFile,
  };
}

function withSiteUrl(raw: unknown, url: string): unknown {
  const object = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const site = object.site !== null && typeof object.site === 'object' ? (object.site as Record<string, unknown>) : {};
  return { ...object, site: { ...site, url } };
}
