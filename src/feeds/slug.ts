import { hash } from 'node:crypto';
import type slugifyModule from '@sindresorhus/slugify';
import { lazyRequire } from '../util/lazy-require.js';

/**
 * Slugs of section, tag and author names for feed paths, pure.
 *
 * A slug is ASCII (`[a-z0-9-]`), stable and never shared. @sindresorhus/slugify
 * transliterates rather than only dropping accents (ß → ss, Ø → o, Россия → rossiya), which
 * NFKD folding cannot do. Two names can still fold to the same slug ("Café" and "cafe",
 * "Asia" and "ASIA"): the first name to claim a slug keeps it, every later one gets the slug
 * plus a short hash of its exact name. "First" is remembered across builds (the registry
 * in the feed state, publish/feed-state.ts), so a newcomer never takes over the URL that
 * partners already subscribe to; within one build, new names claim in code-unit order of
 * the name, so a clean build is deterministic too.
 */

/** name → slug, for one kind of facet. */
export type SlugRegistry = Readonly<Record<string, string>>;

// Loaded on first use: its transliteration tables take 30 ms to build, and a rebuild whose
// facet names all have their slugs already (nearly every one) needs none.
const slugify = lazyRequire<{ default: typeof slugifyModule }>('@sindresorhus/slugify');

/**
 * Longest slug: a facet's slug is a folder name (`out/sections/<slug>/`) and part of URLs,
 * and file systems refuse names over 255 bytes (ENAMETOOLONG). A longer one is cut and
 * given a hash of the whole name, so two long names sharing their first words stay apart.
 */
export const MAX_SLUG_LENGTH = 80;

export function baseSlug(name: string): string {
  // decamelize off: "iPhone" must not become "i-phone"; names are written by editors, not code.
  const slug = slugify().default(name, { decamelize: false });
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH - 9).replace(/-+$/, '');
  return `${cut}-${nameHash(name, 8)}`;
}

function nameHash(name: string, length: number): string {
  return hash('sha256', name, 'hex').slice(0, length);
}

/**
 * Slugs for `names`: those already in `registry` keep theirs; new ones are assigned. Returns
 * the registry to keep (every name ever assigned, so a slug is never reused by another name).
 */
export function assignSlugs(names: Iterable<string>, registry: SlugRegistry): Record<string, string> {
  const next: Record<string, string> = { ...registry };
  const taken = new Set(Object.values(next));
  const fresh = [...new Set(names)]
    .filter((name) => next[name] === undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of fresh) {
    const base = baseSlug(name);
    let slug = base;
    // A name with nothing to transliterate (e.g. "日本", "+++") is named by its hash alone.
    for (let length = 8; slug === '' || taken.has(slug); length += 4) {
      // Cut so that even with its hash the slug stays within MAX_SLUG_LENGTH.
      const stem = base.slice(0, MAX_SLUG_LENGTH - length - 1).replace(/-+$/, '');
      slug = stem === '' ? nameHash(name, length) : `${stem}-${nameHash(name, length)}`;
      if (length >= 64) throw new Error(`cannot find a free slug for ${JSON.stringify(name)}`);
    }
    taken.add(slug);
    next[name] = slug;
  }
  return next;
}
