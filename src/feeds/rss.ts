import type { LeadImage } from '../model.js';
import { fallbackRendition, jpegRenditions, largestJpeg } from '../render/figure.js';
import { formatIso, formatRfc822 } from '../validate/dates.js';
import { categoriesOf, GENERATOR, NS, stylesheetInstructions, type FeedDocument } from './document.js';
import { el, markup, rssDescriptionFromText, rssPlainText, xmlDocumentPieces, type XmlNode } from './xml.js';

/**
 * RSS 2.0 with content:encoded, dc:creator, atom:link rel=self, atom:updated and Media RSS
 * (pure). The item's `<author>` is left out on purpose: RSS requires an e-mail address
 * there, so names go in `dc:creator` (one per author).
 */
export function renderRss(feed: FeedDocument): string {
  return rssPieces(feed).join('');
}

/** The document as the pieces of its text (xml.ts, `xmlDocumentPieces`). */
export function rssPieces(feed: FeedDocument): string[] {
  const variant = feed.rssVariant;
  const domain = (kind: 'section' | 'tag') => `${feed.homeUrl}${kind === 'section' ? 'sections' : 'tags'}/`;
  const channel = el(
    'channel',
    null,
    el('title', null, rssPlainText(feed.title)),
    el('link', null, feed.homeUrl),
    el('description', null, rssDescriptionFromText(feed.description || feed.title)),
    el('language', null, feed.language),
    el('copyright', null, feed.copyright),
    el('lastBuildDate', null, formatRfc822(feed.updated)),
    el('generator', null, GENERATOR.text),
    el('docs', null, 'https://www.rssboard.org/rss-specification'),
    el('atom:link', { href: feed.urls.rss, rel: 'self', type: 'application/rss+xml' }),
    feed.hub && el('atom:link', { href: feed.hub, rel: 'hub' }),
    ...feed.entries.map((entry) =>
      el(
        'item',
        null,
        el('title', null, rssPlainText(entry.title)),
        el('link', null, entry.url),
        // An id that is the article's URL (ids.scheme "url", Hugo's guid) is a permalink, as Hugo says by default.
        el('guid', { isPermaLink: entry.id === entry.url ? 'true' : 'false' }, entry.id),
        // The Google News profile puts the modified time here, because that is what it reads.
        el('pubDate', null, formatRfc822(variant?.pubDate === 'modified' ? entry.modified : entry.published)),
        el('atom:updated', null, formatIso(entry.modified)),
        variant?.dctermsModified && el('dcterms:modified', null, formatIso(entry.modified)),
        entry.summary && el('description', null, rssDescriptionFromText(entry.summary)),
        el('content:encoded', null, markup(entry.contentHtml)),
        ...entry.authors.map((person) => el('dc:creator', null, person.name)),
        ...categoriesOf(entry).map((category) => el('category', { domain: domain(category.kind) }, category.term)),
        ...(entry.image ? media(entry.image) : []),
      ),
    ),
  );
  const root = el(
    'rss',
    {
      version: '2.0',
      'xmlns:atom': NS.atom,
      'xmlns:content': NS.content,
      'xmlns:dc': NS.dc,
      'xmlns:media': NS.media,
      'xmlns:dcterms': variant?.dctermsModified ? NS.dcterms : undefined,
    },
    channel,
  );
  return xmlDocumentPieces(root, stylesheetInstructions(feed, feed.urls.rss));
}

/** The lead image: its largest JPEG as the enclosure, every JPEG size as Media RSS content, the smallest as thumbnail. */
function media(image: LeadImage): XmlNode[] {
  const enclosure = largestJpeg(image);
  if (!enclosure) return [];
  const nodes: XmlNode[] = [
    el('enclosure', { url: enclosure.url, length: enclosure.bytes, type: enclosure.mimeType }),
    ...jpegRenditions(image).map((rendition) =>
      el(
        'media:content',
        {
          url: rendition.url,
          type: rendition.mimeType,
          medium: 'image',
          width: rendition.width,
          height: rendition.height,
          fileSize: rendition.bytes,
          isDefault: rendition === enclosure ? 'true' : undefined,
        },
        image.caption && el('media:description', { type: 'plain' }, image.caption),
        image.credit && el('media:credit', null, image.credit),
        image.copyright && el('media:copyright', null, image.copyright),
        image.license && el('media:license', { type: 'text/html', href: image.license }),
        el('media:text', { type: 'plain' }, image.alt),
      ),
    ),
  ];
  const thumbnail = jpegRenditions(image)[0] ?? fallbackRendition(image);
  if (thumbnail)
    nodes.push(el('media:thumbnail', { url: thumbnail.url, width: thumbnail.width, height: thumbnail.height }));
  return nodes;
}
