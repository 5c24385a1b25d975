import { describe, expect, it } from 'vitest';
import { relativeHref } from './relative-href.js';

describe('relativeHref', () => {
  it.each([
    ['https://n.example/rss.xml', 'https://n.example/feed.xsl', 'feed.xsl'],
    ['https://n.example/sections/asia/rss.xml', 'https://n.example/feed.xsl', '../../feed.xsl'],
    ['https://n.example/news/rss.xml', 'https://n.example/news/images/a.jpg', 'images/a.jpg'],
    ['https://n.example/a/b/index.html', 'https://n.example/a/c/atom.xml', '../c/atom.xml'],
    ['https://n.example/index.html', 'https://n.example/', './'],
    ['https://n.example/index.html', 'https://n.example/sections/', 'sections/'],
    ['https://n.example/index.html', 'https://n.example/a:b.xml', './a:b.xml'],
    ['https://n.example/index.html', 'https://n.example/feed.json?x=1#top', 'feed.json?x=1#top'],
    ['https://n.example/rss.xml', 'https://cdn.example/feed.xsl', 'https://cdn.example/feed.xsl'],
    ['https://n.example/rss.xml', 'http://n.example/feed.xsl', 'http://n.example/feed.xsl'],
  ])('from %s to %s is %s', (from, to, expected) => {
    expect(relativeHref(from, to)).toBe(expected);
    expect(new URL(relativeHref(from, to), from).href).toBe(new URL(to).href);
  });
});
