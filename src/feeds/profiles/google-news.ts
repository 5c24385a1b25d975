import type { PartnerProfile } from './profile.js';

/**
 * Google News Publisher Center. Its technical feed specification says it reads
 * an RSS item's `<pubDate>` to decide whether an article was modified, so this profile
 * carries the modification time there (the publication time stays in the main feeds and in
 * `atom:updated`'s sibling elements). Documented limits: 2 MB per feed, 1 MB per article.
 */
export const googleNews: PartnerProfile = {
  name: 'google-news',
  partner: 'Google News Publisher Center',
  changes: '`<pubDate>` = the modification time (latest correction or `updated:`), so a correction reads as a change',
  rssVariant: { pubDate: 'modified', dctermsModified: false },
  minimums: { feedBytes: 2 * 1024 * 1024, itemBytes: 1024 * 1024 },
};
