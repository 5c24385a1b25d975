import { create } from 'xmlbuilder2';
import { fallbackRendition, jpegRenditions, largestJpeg } from '../render/figure.js';
import { formatIso, formatRfc822 } from '../validate/dates.js';
import { categoriesOf, GENERATOR, NS, stylesheetInstructions, type FeedDocument } from './document.js';
import { rssDescriptionFromText, rssPlainText, xmlAttribute as attr, xmlText as text } from './xml.js';

/**
 * RSS 2.0 with content:encoded, dc:creator, atom:link rel=self, atom:updated and Media RSS
 * (pure). The item's `<author>` is left out on purpose: RSS requires an e-mail address
 * there, so names go in `dc:creator` (one per author).
 */
export function renderRss(feed: FeedDocument): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' });
  for (const data of stylesheetInstructions(feed, feed.urls.rss)) doc.ins('xml-stylesheet', data);
  const rss = doc
    .ele('rss')
    .att('version', '2.0')
    .att(NS.xmlns, 'xmlns:atom', NS.atom)
    .att(NS.xmlns, 'xmlns:content', NS.content)
    .att(NS.xmlns, 'xmlns:dc', NS.dc)
    .att(NS.xmlns, 'xmlns:media', NS.media);
  if (feed.rssVariant?.dctermsModified) rss.att(NS.xmlns, 'xmlns:dcterms', NS.dcterms);
  const channel = rss.ele('channel');
  channel.ele('title').txt(text(rssPlainText(feed.title)));
  channel.ele('link').txt(text(feed.homeUrl));
  channel.ele('description').txt(text(rssDescriptionFromText(feed.description || feed.title)));
  channel.ele('language').txt(text(feed.language));
  channel.ele('copyright').txt(text(feed.copyright));
  channel.ele('lastBuildDate').txt(formatRfc822(feed.updated));
  channel.ele('generator').txt(GENERATOR.name);
  channel.ele('docs').txt('https://www.rssboard.org/rss-specification');
  channel
    .ele(NS.atom, 'atom:link')
    .att('href', attr(feed.urls.rss))
    .att('rel', 'self')
    .att('type', 'application/rss+xml');
  if (feed.hub) channel.ele(NS.atom, 'atom:link').att('href', attr(feed.hub)).att('rel', 'hub');

  for (const entry of feed.entries) {
    const item = channel.ele('item');
    item.ele('title').txt(text(rssPlainText(entry.title)));
    item.ele('link').txt(text(entry.url));
    item.ele('guid').att('isPermaLink', 'false').txt(text(entry.id));
    // Issue 6: the Google News profile puts the modified time here, because that is what it reads.
    item.ele('pubDate').txt(formatRfc822(feed.rssVariant?.pubDate === 'modified' ? entry.modified : entry.published));
    item.ele(NS.atom, 'atom:updated').txt(formatIso(entry.modified));
    if (feed.rssVariant?.dctermsModified) item.ele(NS.dcterms, 'dcterms:modified').txt(formatIso(entry.modified));
    if (entry.summary) item.ele('description').txt(text(rssDescriptionFromText(entry.summary)));
    item.ele(NS.content, 'content:encoded').txt(text(entry.contentHtml));
    for (const person of entry.authors) item.ele(NS.dc, 'dc:creator').txt(text(person.name));
    for (const category of categoriesOf(entry)) {
      item
        .ele('category')
        .att('domain', attr(`${feed.homeUrl}${category.kind === 'section' ? 'sections' : 'tags'}/`))
        .txt(text(category.term));
    }
    const image = entry.image;
    const enclosure = image && largestJpeg(image);
    if (image && enclosure) {
      item
        .ele('enclosure')
        .att('url', attr(enclosure.url))
        .att('length', String(enclosure.bytes))
        .att('type', enclosure.mimeType);
      const group = jpegRenditions(image);
      for (const rendition of group) {
        const media = item
          .ele(NS.media, 'media:content')
          .att('url', attr(rendition.url))
          .att('type', rendition.mimeType)
          .att('medium', 'image')
          .att('width', String(rendition.width))
          .att('height', String(rendition.height))
          .att('fileSize', String(rendition.bytes));
        if (rendition === enclosure) media.att('isDefault', 'true');
        if (image.caption) media.ele(NS.media, 'media:description').att('type', 'plain').txt(text(image.caption));
        if (image.credit) media.ele(NS.media, 'media:credit').txt(text(image.credit));
        media.ele(NS.media, 'media:text').att('type', 'plain').txt(text(image.alt));
      }
      const thumbnail = jpegRenditions(image)[0] ?? fallbackRendition(image);
      if (thumbnail) {
        item
          .ele(NS.media, 'media:thumbnail')
          .att('url', attr(thumbnail.url))
          .att('width', String(thumbnail.width))
          .att('height', String(thumbnail.height));
      }
    }
  }
  return rss.end({ prettyPrint: true }) + '\n';
}
