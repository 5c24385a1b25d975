import { describe, expect, it } from 'vitest';
import { contentTypeOf } from './content-type.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('contentTypeOf', () => {
  it.each([
    [
      'rss.xml',
      '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n<rss version="2.0">',
      'application/rss+xml; charset=utf-8',
    ],
    [
      'atom.xml',
      '<?xml version="1.0"?>\n<!-- a comment -->\n<feed xmlns="http://www.w3.org/2005/Atom">',
      'application/atom+xml; charset=utf-8',
    ],
    // Named by content, not by file name: section, archive and partner feeds.
    [
      'sections/asia/anything.xml',
      '\uFEFF<?xml version="1.0"?><a:feed xmlns:a="http://www.w3.org/2005/Atom">',
      'application/atom+xml; charset=utf-8',
    ],
    [
      'partners/msn.xml',
      '<rss xmlns:media="http://search.yahoo.com/mrss/" version="2.0">',
      'application/rss+xml; charset=utf-8',
    ],
    ['sitemap.xml', '<?xml version="1.0"?><urlset>', 'application/xml; charset=utf-8'],
    ['not-atom.xml', '<feed>', 'application/xml; charset=utf-8'],
    ['feed.json', '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title": "x"\n}', 'application/feed+json'],
    ['corrections.json', '{"title": "x", "version": "https://jsonfeed.org/version/1.1"}', 'application/feed+json'],
    ['data.json', '{"version": 2}', 'application/json'],
    ['broken.json', '{"version": "https://jsonfeed.org/version/1.1"', 'application/json'],
    ['index.html', '<!DOCTYPE html>', 'text/html; charset=utf-8'],
    ['feed.xsl', '<xsl:stylesheet/>', 'application/xslt+xml; charset=utf-8'],
    ['feed.css', 'body{}', 'text/css; charset=utf-8'],
    ['images/a-480.jpg', '', 'image/jpeg'],
    ['images/a.JPEG', '', 'image/jpeg'],
    ['images/a-480.webp', '', 'image/webp'],
    ['images/a-480.avif', '', 'image/avif'],
    ['images/a.png', '', 'image/png'],
    ['README', '', 'application/octet-stream'],
  ])('%s is %s', (name, content, expected) => {
    expect(contentTypeOf(name, bytes(content))).toBe(expected);
  });
});
