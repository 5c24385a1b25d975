/**
 * The two keys every config must give (SPEC §2: the site's identity has no built-in values).
 * Checked before the schema so that a first-time user gets one line that says what to set
 * and how to get a starter file, instead of one schema message per key.
 */

export const REQUIRED_SITE_KEYS = ['title', 'url'] as const;

const STARTER_HINT = 'run "presswire init" for a starter presswire.config.json and article';

/** `site.title` / `site.url` missing (absent, null or an empty string) from a parsed config file. */
export function missingIdentityKeys(raw: unknown): string[] {
  const site = isMapping(raw) && isMapping(raw.site) ? raw.site : {};
  return REQUIRED_SITE_KEYS.filter((key) => site[key] === undefined || site[key] === null || site[key] === '').map(
    (key) => `site.${key}`,
  );
}

export function missingIdentityMessage(display: string, missing: readonly string[]): string {
  return `${display}: ${missing.join(' and ')} must be set (the site's identity has no default); ${STARTER_HINT}`;
}

export function missingConfigMessage(display: string): string {
  return `${display}: no config file here: expected one with site.title and site.url (or pass --config FILE); ${STARTER_HINT}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
