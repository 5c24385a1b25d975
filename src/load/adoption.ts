import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { AdoptionSettings, AuthorRecord } from '../validate/dialects/map.js';
import type { SiteSettings } from './prepare.js';

/**
 * What every article's reading depends on besides its own bytes (I/O: reads the site's
 * author data file once per build): the site URL and article path pattern, the id scheme,
 * and how another platform's front matter is read.
 */

/** Jekyll's and Hugo's author data files, looked for beside the config file when `input.authors` is not set. */
export const AUTHOR_FILES = [
  '_data/authors.yml',
  '_data/authors.yaml',
  '_data/authors.json',
  'data/authors.yaml',
  'data/authors.yml',
  'data/authors.toml',
  'data/authors.json',
];

/** `cwd`: the working folder, where the data files are looked for when no config file names the site's root. */
export async function siteSettings(config: ResolvedConfig, cwd: string): Promise<SiteSettings> {
  const root = config.configFile ? path.dirname(config.configFile) : cwd;
  const adoption: AdoptionSettings = {
    dialect: config.input.dialect,
    fields: config.input.fields,
    section: config.input.section,
    timezone: config.site.timezone,
  };
  const authors = await readAuthorData(root, config.input.authors);
  if (authors) adoption.authors = authors;
  return { url: config.site.url, articlePath: config.feeds.articlePath, idScheme: config.ids.scheme, adoption };
}

async function readAuthorData(
  root: string,
  configured: string | undefined,
): Promise<Record<string, AuthorRecord> | undefined> {
  const candidates = configured ? [configured] : AUTHOR_FILES;
  for (const candidate of candidates) {
    const file = path.resolve(root, candidate);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (!configured && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError(`input.authors: expected a readable author data file but reading ${candidate} failed`, {
        cause: error,
      });
    }
    // The parsers are loaded only for a site that has the file: a no-op rebuild of any other
    // site loads no YAML or TOML parser at all.
    const { parseAuthorData } = await import('./author-data.js');
    const parsed = parseAuthorData(text, candidate);
    if (!parsed.ok) throw new ConfigError(`${candidate}: ${parsed.message}`);
    return parsed.authors;
  }
  return undefined;
}
