import { LINK_STAND_IN } from './templates/constructs.js';

/**
 * Whether a rendered body goes into its entry's content exactly as it is (pure): it has no
 * image, whose local renditions a second pass would fill in (article-html.ts), and no link
 * to another article, whose URL is put in at assembly (templates/links.ts). Such a body is
 * marked so in the body store (body-store.ts), and a feed thread may then read it from
 * there itself (workers/feed-worker.ts).
 */
export function isFinalBody(html: string): boolean {
  return !hasImages(html) && !html.includes(LINK_STAND_IN);
}

/** Whether a body has an image element, which needs the second pass of article-html.ts. */
export function hasImages(html: string): boolean {
  return html.includes('<img');
}
