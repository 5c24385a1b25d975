import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Author } from '../model.js';
import { largestJpeg } from '../render/figure.js';
import { formatIso } from '../validate/dates.js';
import { stripXmlIllegal as clean } from '../util/xml-text.js';
import { categoriesOf, GENERATOR, NS, type FeedDocument } from './document.js';

/**
 * Atom 1.0 (RFC 4287) with RFC 6721 tombstones (pure). Written with xmlbuilder2 rather
 * than the `feed` package: see the README's architecture note for the defects that made
 * the workaround uglier than the format (always-html titles, no extension hook for
 * tombstones, enclosure types guessed from extensions, ids rewritten through `new URL`).
 */
export function renderAtom(feed: FeedDocument): string {
  const root = create({ version: '1.0', encoding: 'utf-8' })
    .ele(NS.atom, 'feed')
    .att(NS.xmlns, 'xmlns:at', NS.tombstones)
    .att('xml:lang', clean(feed.language));
  root.ele('id').txt(clean(feed.urls.atom));
  root.ele('title').att('type', 'text').txt(clean(feed.title));
  if (feed.description) root.ele('subtitle').att('type', 'text').txt(clean(feed.description));
  root.ele('updated').txt(formatIso(feed.updated));
  root.ele('link').att('rel', 'self').att('type', 'application/atom+xml').att('href', feed.urls.atom);
  root.ele('link').att('rel', 'alternate').att('type', 'text/html').att('href', feed.homeUrl);
  author(root, 'author', feed.author);
  root.ele('rights').att('type', 'text').txt(clean(feed.copyright));
  root.ele('generator').att('uri', GENERATOR.uri).txt(GENERATOR.name);

  // Tombstones go before the entries: RFC 4287's schema puts foreign elements of a feed
  // before its atom:entry elements (extensionElement* precedes atomEntry*).
  for (const tombstone of feed.tombstones) {
    const t = root
      .ele(NS.tombstones, 'at:deleted-entry')
      .att('ref', clean(tombstone.id))
      .att('when', formatIso(tombstone.when));
    t.ele(NS.atom, 'link').att('rel', 'alternate').att('href', tombstone.url);
    t.ele(NS.tombstones, 'at:comment').txt('This article has been withdrawn.');
  }
  for (const entry of feed.entries) {
    const e = root.ele('entry');
    e.ele('id').txt(clean(entry.id));
    e.ele('title').att('type', 'text').txt(clean(entry.title));
    e.ele('link').att('rel', 'alternate').att('type', 'text/html').att('href', entry.url);
    e.ele('published').txt(formatIso(entry.published));
    e.ele('updated').txt(formatIso(entry.modified));
    for (const person of entry.authors) author(e, 'author', person);
    for (const category of categoriesOf(entry)) {
      e.ele('category').att('term', clean(category.term)).att('scheme', `${feed.homeUrl}${category.kind === 'section' ? 'sections' : 'tags'}/`);
    }
    if (entry.summary) e.ele('summary').att('type', 'text').txt(clean(entry.summary));
    e.ele('content').att('type', 'html').txt(clean(entry.contentHtml));
    const enclosure = entry.image && largestJpeg(entry.image);
    if (enclosure) {
      e.ele('link')
        .att('rel', 'enclosure')
        .att('type', enclosure.mimeType)
        .att('length', String(enclosure.bytes))
        .att('href', enclosure.url);
    }
  }

  return root.end({ prettyPrint: true }) + '\n';
}

function author(parent: XMLBuilder, element: string, person: Author): void {
  const a = parent.ele(element);
  a.ele('name').txt(clean(person.name));
  if (person.email) a.ele('email').txt(clean(person.email));
  if (person.url) a.ele('uri').txt(clean(person.url));
}
