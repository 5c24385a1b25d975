import { readFile } from 'node:fs/promises';

/**
 * The feeds' browser view: two static files written into out/ beside the feeds.
 * feed.xsl turns rss.xml and atom.xml into a readable page; feed.css styles the raw XML
 * where a browser has no XSLT. Feeds name both in `<?xml-stylesheet?>` instructions
 * (feeds/document.ts), readers ignore them.
 */

/** File names in out/, in the order a browser should try them. */
export const BROWSER_VIEW_FILES = { xsl: 'feed.xsl', css: 'feed.css' } as const;

/** Absolute URLs of the stylesheets on the site; each feed links them relative to itself. */
export function browserViewUrls(siteUrl: string): { xsl: string; css: string } {
  return {
    xsl: new URL(BROWSER_VIEW_FILES.xsl, siteUrl).href,
    css: new URL(BROWSER_VIEW_FILES.css, siteUrl).href,
  };
}

// The files ship as source assets in src/site/browser-view/. tsc does not copy non-TS
// files to dist/, and this module sits two folders below the package root in both src/
// and dist/, so one path serves `tsx src/…` and the compiled `bin/presswire.js` alike.
const ASSETS = new URL('../../src/site/browser-view/', import.meta.url);

/** The static files as [name in out/, content]. */
export async function readBrowserViewFiles(): Promise<[string, string][]> {
  return Promise.all(
    Object.values(BROWSER_VIEW_FILES).map(async (name): Promise<[string, string]> => [
      name,
      await readFile(new URL(name, ASSETS), 'utf8'),
    ]),
  );
}
