import { create } from 'xmlbuilder2';
import { fallbackRendition, jpegRenditions, largestJpeg } from '../render/figure.js';
import { formatIso, formatRfc822 } from '../validate/dates.js';
import { stripXmlIllegal as clean } from '../util/xml-text.js';
import { categoriesOf, GENERATOR, NS, type FeedDocument } from './document.js';

/**
 * RSS 2.0 with content:encoded, dc:creator, atom:link rel=self, atom:updated and Media RSS
 * (pure). The item's `<author>` is left out on purpose: RSS requires an e-mail address
 * there, so names go in `dc:creator` (one per author).
 */
export function renderRss(feed: FeedDocument): string {
  const rss = create({ version: '1.0', encoding: 'utf-8' })
    .ele('rss')
    .att('version', '2.0')
    .att(NS.xmlns, 'xmlns:atom', NS.atom)
    .att(NS.xmlns, 'xmlns:content', NS.content)
    .att(NS.xmlns, 'xmlns:dc', NS.dc)
    .att(NS.xmlns, 'xmlns:media', NS.media);
  const channel = rss.ele('channel');
  channel.ele('title').txt(clean(feed.title));
  channel.ele('link').txt(feed.homeUrl);
  channel.ele('description').txt(clean(feed.description || feed.title));
  channel.ele('language').txt(clean(feed.language));
  channel.ele('copyright').txt(clean(feed.copyright));
  channel.ele('lastBuildDate').txt(formatRfc822(feed.updated));
  channel.ele('generator').txt(GENERATOR.name);
  channel.ele('docs').txt('https://www.rssboard.org/rss-specification');
  channel.ele(NS.atom, 'atom:link').att('href', feed.urls.rss).att('rel', 'self').att('type', 'application/rss+xml');

  for (const entry of feed.entries) {
    const item = channel.ele('item');
    item.ele('title').txt(clean(entry.title));
    item.ele('link').txt(entry.url);
    item.ele('guid').att('isPermaLink', 'false').txt(clean(entry.id));
    item.ele('pubDate').txt(formatRfc822(entry.published));
    item.ele(NS.atom, 'atom:updated').txt(formatIso(entry.modified));
    if (entry.summary) item.ele('description').txt(clean(entry.summary));
    item.ele(NS.content, 'content:encoded').txt(clean(entry.contentHtml));
    for (const person of entry.authors) item.ele(NS.dc, 'dc:creator').txt(clean(person.name));
    for (const category of categoriesOf(entry)) {
      item
        .ele('category')
        .att('domain', `${feed.homeUrl}${category.kind === 'section' ? 'sections' : 'tags'}/`)
        .txt(clean(category.term));
    }
    const image = entry.image;
    const enclosure = image && largestJpeg(image);
    if (image && enclosure) {
      item.ele('enclosure').att('url', enclosure.url).att('length', String(enclosure.bytes)).att('type', enclosure.mimeType);
      const group = jpegRenditions(image);
      for (const rendition of group) {
        const media = item
          .ele(NS.media, 'media:content')
          .att('url', rendition.url)
          .att('type', rendition.mimeType)
          .att('medium', 'image')
          .att('width', String(rendition.width))
          .att('height', String(rendition.height))
          .att('fileSize', String(rendition.bytes));
        if (rendition === enclosure) media.att('isDefault', 'true');
        if (image.caption) media.ele(NS.media, 'media:description').att('type', 'plain').txt(clean(image.caption));
        if (image.credit) media.ele(NS.media, 'media:credit').txt(clean(image.credit));
        media.ele(NS.media, 'media:text').att('type', 'plain').txt(clean(image.alt));
      }
      const thumbnail = jpegRenditions(image)[0] ?? fallbackRendition(image);
      if (thumbnail) {
        item
          .ele(NS.media, 'media:thumbnail')
          .att('url', thumbnail.url)
          .att('width', String(thumbnail.width))
          .att('height', String(thumbnail.height));
      }
    }
  }
  return rss.end({ prettyPrint: true }) + '\n';
}
