import packageJson from '../../package.json' with { type: 'json' };
import type { Author, Entry, Tombstone } from '../model.js';
import { relativeHref } from '../util/relative-href.js';

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
  /**
   * Absolute URLs of the browser view's stylesheets (site/browser-view.ts): XSLT,
   * then CSS for browsers without XSLT. The XML feeds name them in `<?xml-stylesheet?>`
   * instructions, relative to their own URL so that a browser loads them same-origin.
   */
  stylesheets?: { xsl: string; css: string };
  /** WebSub hub: advertised as `rel="hub"` beside `rel="self"` (Atom, RSS) and as `hubs` (JSON Feed). */
  hub?: string;
  /** RFC 5005 archive links (Atom only; feeds/archive.ts). */
  history?: FeedHistory;
  /** How a partner profile changes RSS (feeds/profiles/); absent: plain RSS 2.0. */
  rssVariant?: RssVariant;
}

/** RFC 5005 §4: the subscription document links to the newest archive; each archive to its neighbours and the subscription document. */
export interface FeedHistory {
  /** This document is an archive page (RFC 5005 §4): it carries `<fh:archive/>`. */
  archive: boolean;
  /** Absolute URLs; an absent link is not written. */
  current?: string;
  prevArchive?: string;
  nextArchive?: string;
}

/** Partner profile variations of an RSS feed. */
export interface RssVariant {
  /** Which time `<pubDate>` carries: Google News reads it to decide whether an article changed. */
  pubDate: 'published' | 'modified';
  /** Add `<dcterms:modified>` (MSN Partner Hub re-ingests an item when it moves). */
  dctermsModified: boolean;
}

/** The `<?xml-stylesheet?>` instructions' attributes for the feed at `selfUrl`, XSLT first. */
export function stylesheetInstructions(
  feed: Pick<FeedDocument, 'stylesheets'>,
  selfUrl: string,
): { type: string; href: string }[] {
  if (!feed.stylesheets) return [];
  return [
    { type: 'text/xsl', href: relativeHref(selfUrl, feed.stylesheets.xsl) },
    { type: 'text/css', href: relativeHref(selfUrl, feed.stylesheets.css) },
  ];
}

/**
 * What the feeds name as their generator: the project's home and the version that wrote
 * them, both from package.json (the bundle inlines it, so dist/ and the sources agree).
 */
export const GENERATOR = {
  name: 'presswire',
  uri: packageJson.homepage,
  version: packageJson.version,
  /** RSS 2.0's `<generator>` is text only: name, version and home in one. */
  text: `presswire ${packageJson.version} (${packageJson.homepage})`,
} as const;

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  tombstones: 'http://purl.org/atompub/tombstones/1.0',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  /** DCMI terms; MSN wants this exact namespace name, with http. */
  dcterms: 'http://purl.org/dc/terms/',
  /** RFC 5005 feed paging and archiving. */
  history: 'http://purl.org/syndication/history/1.0',
  /** RFC 4685 threading: a correction entry points at the article it corrects. */
  thread: 'http://purl.org/syndication/thread/1.0',
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
