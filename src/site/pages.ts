import type { ResolvedConfig } from '../config/schema.js';
import type { Entry } from '../model.js';
import { readBrowserViewFiles } from './browser-view.js';
import { latestCorrections, renderIndexPage, type FeedListing } from './index-page.js';

/**
 * The pages published beside the feeds, in the order they are written: the browser view's
 * stylesheets before the feeds that name them, `index.html` (last) after the feeds it lists.
 */
export async function sitePages(
  site: ResolvedConfig['site'],
  listings: readonly FeedListing[],
  entries: readonly Entry[],
): Promise<[name: string, content: string][]> {
  return [
    ...(await readBrowserViewFiles()),
    [
      'index.html',
      renderIndexPage({
        site,
        pageUrl: new URL('index.html', site.url).href,
        feeds: listings,
        corrections: latestCorrections(entries),
      }),
    ],
  ];
}
