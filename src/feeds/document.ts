import type { Author, Entry, Tombstone } from '../model.js';

/** Everything a serializer needs for one feed; serializers add no facts of their own. */
export interface FeedDocument {
  title: string;
  description: string;
  /** Absolute URL of the site's home page. */
  homeUrl: string;
  /** Absolute URLs of this feed in each format (each feed's self link, and its alternates). */
  urls: { rss: string; atom: string; json: string };
  language: string;
  copyright: string;
  author: Author;
  /** Newest entry or tombstone (epoch ms), never "now" (SPEC §5). */
  updated: number;
  /** Already selected and ordered, newest first. */
  entries: readonly Entry[];
  /** RFC 6721 deleted entries (Atom only). */
  tombstones: readonly Tombstone[];
}

export const GENERATOR = { name: 'presswire', uri: 'https://www.npmjs.com/package/presswire' } as const;

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  tombstones: 'http://purl.org/atompub/tombstones/1.0',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  xmlns: 'http://www.w3.org/2000/xmlns/',
} as const;

/** Section and tags as categories, section first, duplicates removed. */
export function categoriesOf(entry: Pick<Entry, 'section' | 'tags'>): { term: string; kind: 'section' | 'tag' }[] {
  const seen = new Set<string>();
  const out: { term: string; kind: 'section' | 'tag' }[] = [];
  if (entry.section) {
    seen.add(entry.section);
    out.push({ term: entry.section, kind: 'section' });
  }
  for (const tag of entry.tags) {
    if (!seen.has(tag)) {
      seen.add(tag);
      out.push({ term: tag, kind: 'tag' });
    }
  }
  return out;
}
