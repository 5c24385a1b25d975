import type { PartnerProfile } from './profile.js';

/**
 * MSN Partner Hub. It re-ingests an item only when its updated date moves, read
 * from `<dcterms:modified>` (namespace `http://purl.org/dc/terms/`, with http), and takes
 * images from Media RSS (which every RSS feed of presswire carries). Its feed item
 * requirements: a title of more than 20 and at most 150 characters, HTTPS feed sources
 * only, images recommended at least 720 px in height or width.
 */
export const msn: PartnerProfile = {
  name: 'msn',
  partner: 'MSN Partner Hub',
  changes: 'adds `<dcterms:modified>` (the modification time) to every item; Media RSS as in `rss.xml`',
  rssVariant: { pubDate: 'published', dctermsModified: true },
  minimums: { title: { min: 21, max: 150 }, image: { side: 'longer', px: 720, required: false }, https: true },
};
