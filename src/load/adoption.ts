import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
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
const AUTHOR_FILES = [
  '_data/authors.yml',
  '_data/authors.yaml',
  '_data/authors.json',
  'data/authors.yaml',
  'data/authors.yml',
  'data/authors.toml',
  'data/authors.json',
];

export async function siteSettings(config: ResolvedConfig): Promise<SiteSettings> {
  const root = config.configFile ? path.dirname(config.configFile) : process.cwd();
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
    const parsed = parseAuthorData(text, candidate);
    if (!parsed.ok) throw new ConfigError(`${candidate}: ${parsed.message}`);
    return parsed.authors;
  }
  return undefined;
}

/** An author data file's text → author key → name, email, url (pure). */
export function parseAuthorData(
  text: string,
  name: string,
): { ok: true; authors: Record<string, AuthorRecord> } | { ok: false; message: string } {
  let data: unknown;
  try {
    if (name.endsWith('.toml')) data = parseToml(text, { maxDepth: 16 });
    else if (name.endsWith('.json')) data = JSON.parse(text);
    else data = parseYaml(text, { schema: 'core', maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    return { ok: false, message: `expected a valid author data file but the parser said: ${firstLine(error)}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, message: 'expected a mapping of author keys to their name, email and url' };
  }
  const authors: Record<string, AuthorRecord> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const display = text(record['name']) ?? text(record['display_name']) ?? text(record['displayName']);
    const email = text(record['email']);
    const url = text(record['url']) ?? text(record['uri']) ?? text(record['web']) ?? text(record['website']);
    authors[key] = {
      ...(display ? { name: display } : {}),
      ...(email ? { email } : {}),
      ...(url ? { url } : {}),
    };
  }
  return { ok: true, authors };
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0] ?? '';
}
