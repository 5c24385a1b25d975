import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { AuthorRecord } from '../validate/dialects/map.js';

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
