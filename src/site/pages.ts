import type { ResolvedConfig } from '../config/schema.js';
import type { Entry } from '../model.js';
import { latestCorrections, renderIndexPage, type FeedListing } from './index-page.js';

/**
 * `index.html`: published last, after the feeds it lists (the browser view's stylesheets,
 * site/browser-view.ts, go before the feeds that name them).
 */
export function indexPage(
  site: ResolvedConfig['site'],
  listings: readonly FeedListing[],
  entries: readonly Entry[],
): [name: string, content: string] {
  return [
    'index.html',
    renderIndexPage({
      site,
      pageUrl: new URL('index.html', site.url).href,
      feeds: listings,
      corrections: latestCorrections(entries),
    }),
  ];
}
