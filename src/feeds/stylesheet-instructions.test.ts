import { describe, expect, it } from 'vitest';
import { renderAtom } from './atom.js';
import type { FeedDocument } from './document.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss } from './rss.js';

/** The browser view's `<?xml-stylesheet?>` instructions: before the root, relative to the feed. */

function feed(base: string, stylesheets?: FeedDocument['stylesheets']): FeedDocument {
  return {
    title: 'T',
    description: 'D',
    homeUrl: 'https://n.example/',
    urls: { rss: `${base}rss.xml`, atom: `${base}atom.xml`, json: `${base}feed.json` },
    language: 'en',
    copyright: 'C',
    author: { name: 'A' },
    updated: 0,
    entries: [],
    tombstones: [],
    ...(stylesheets ? { stylesheets } : {}),
  };
}

const STYLESHEETS = { xsl: 'https://n.example/feed.xsl', css: 'https://n.example/feed.css' };

describe('xml-stylesheet instructions', () => {
  it.each([
    ['rss', renderRss, '<rss '],
    ['atom', renderAtom, '<feed '],
  ])('%s names the XSLT, then the CSS, right after the XML declaration', (_format, render, root) => {
    const lines = render(feed('https://n.example/', STYLESHEETS)).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>',
      '<?xml-stylesheet type="text/css" href="feed.css"?>',
    ]);
    expect(lines[3]?.startsWith(root)).toBe(true);
  });

  it.each([
    ['rss', renderRss],
    ['atom', renderAtom],
  ])('%s in a folder links them relative to itself', (_format, render) => {
    const xml = render(feed('https://n.example/sections/asia/', STYLESHEETS));
    expect(xml).toContain(
      '<?xml-stylesheet type="text/xsl" href="../../feed.xsl"?>\n<?xml-stylesheet type="text/css" href="../../feed.css"?>\n',
    );
  });

  it('are left out when the document names no stylesheets, and never touch JSON Feed', () => {
    expect(renderRss(feed('https://n.example/'))).not.toContain('xml-stylesheet');
    expect(renderAtom(feed('https://n.example/'))).not.toContain('xml-stylesheet');
    expect(renderJsonFeed(feed('https://n.example/', STYLESHEETS))).not.toContain('feed.xsl');
  });
});
