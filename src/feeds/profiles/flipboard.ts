import type { PartnerProfile } from './profile.js';

/**
 * Flipboard. Its RSS specification asks for full body copy (every presswire feed
 * has it), at least one image per article no less than 400 px in its smallest dimension,
 * at least 30 items, and updates pushed through WebSub (PubSubHubbub). The feed holds at
 * least 30 entries whatever `feeds.limit` says.
 */
export const flipboard: PartnerProfile = {
  name: 'flipboard',
  partner: 'Flipboard',
  changes: 'at least 30 items (the window is raised to 30); Media RSS and the WebSub hub link as in `rss.xml`',
  rssVariant: { pubDate: 'published', dctermsModified: false },
  minimums: { items: 30, image: { side: 'shorter', px: 400, required: true }, hub: true },
};
