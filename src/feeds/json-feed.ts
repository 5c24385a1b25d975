import type { Author, LeadImage } from '../model.js';
import { jpegRenditions, largestJpeg } from '../render/figure.js';
import { formatIso } from '../validate/dates.js';
import { cleanText as clean } from '../util/xml-text.js';
import { categoriesOf, type FeedDocument } from './document.js';

/**
 * JSON Feed 1.1 (pure). Written directly: it is one JSON object, and the `feed` package
 * emits version 1 with a single `author`. Corrections are also structured in the
 * `_corrections` extension (SPEC §3) so partners need not parse the HTML block.
 * Text is cleaned of XML-illegal characters too, so all three formats say the same thing.
 */

interface JsonAuthor {
  name: string;
  url?: string;
}

function jsonAuthor(author: Author): JsonAuthor {
  return { name: clean(author.name), ...(author.url ? { url: author.url } : {}) };
}

/**
 * The lead image's credit, copyright notice and licence URL, as its renditions carry them
 * (JSON Feed has no field for them, so an extension, like `_corrections`).
 */
function imageRights(image: LeadImage): Record<string, string> {
  return {
    ...(image.credit ? { credit: clean(image.credit) } : {}),
    ...(image.rights?.creator ? { creator: clean(image.rights.creator) } : {}),
    ...(image.copyright ? { copyright: clean(image.copyright) } : {}),
    ...(image.license ? { license: image.license } : {}),
  };
}

export function renderJsonFeed(feed: FeedDocument): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: clean(feed.title),
    home_page_url: feed.homeUrl,
    feed_url: feed.urls.json,
    ...(feed.description ? { description: clean(feed.description) } : {}),
    language: clean(feed.language),
    authors: [jsonAuthor(feed.author)],
    // JSON Feed 1.1 `hubs` (WebSub).
    ...(feed.hub ? { hubs: [{ type: 'WebSub', url: feed.hub }] } : {}),
    items: feed.entries.map((entry) => {
      const image = entry.image && largestJpeg(entry.image);
      return {
        id: clean(entry.id),
        url: entry.url,
        title: clean(entry.title),
        ...(entry.summary ? { summary: clean(entry.summary) } : {}),
        content_html: clean(entry.contentHtml),
        ...(image ? { image: image.url } : {}),
        date_published: formatIso(entry.published),
        date_modified: formatIso(entry.modified),
        authors: entry.authors.map(jsonAuthor),
        tags: categoriesOf(entry).map((c) => clean(c.term)),
        ...(entry.image
          ? {
              attachments: jpegRenditions(entry.image).map((r) => ({
                url: r.url,
                mime_type: r.mimeType,
                size_in_bytes: r.bytes,
                ...(entry.image?.caption ? { title: clean(entry.image.caption) } : {}),
              })),
            }
          : {}),
        ...(entry.image && (entry.image.credit || entry.image.copyright || entry.image.license)
          ? { _image_rights: imageRights(entry.image) }
          : {}),
        ...(entry.corrections.length > 0
          ? {
              _corrections: {
                // Oldest first, as the article declares them (SPEC §1).
                items: entry.corrections.map((c) => ({ date: formatIso(c.date), text: clean(c.text) })),
              },
            }
          : {}),
      };
    }),
  };
  return JSON.stringify(document, null, 2) + '\n';
}
