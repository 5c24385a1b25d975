import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Author } from '../model.js';
import { largestJpeg } from '../render/figure.js';
import { formatIso } from '../validate/dates.js';
import { categoriesOf, GENERATOR, NS, stylesheetInstructions, type FeedDocument } from './document.js';
import { xmlAttribute as attr, xmlText as text } from './xml.js';

/**
 * Atom 1.0 (RFC 4287) with RFC 6721 tombstones (pure). Written with xmlbuilder2 rather
 * than the `feed` package: see the README's architecture note for the defects that made
 * the workaround uglier than the format (always-html titles, no extension hook for
 * tombstones, enclosure types guessed from extensions, ids rewritten through `new URL`).
 */
export function renderAtom(feed: FeedDocument): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' });
  for (const data of stylesheetInstructions(feed, feed.urls.atom)) doc.ins('xml-stylesheet', data);
  const root = doc.ele(NS.atom, 'feed').att(NS.xmlns, 'xmlns:at', NS.tombstones).att('xml:lang', attr(feed.language));
  if (feed.history?.archive) root.att(NS.xmlns, 'xmlns:fh', NS.history);
  root.ele('id').txt(text(feed.urls.atom));
  root.ele('title').att('type', 'text').txt(text(feed.title));
  if (feed.description) root.ele('subtitle').att('type', 'text').txt(text(feed.description));
  root.ele('updated').txt(formatIso(feed.updated));
  root.ele('link').att('rel', 'self').att('type', 'application/atom+xml').att('href', attr(feed.urls.atom));
  root.ele('link').att('rel', 'alternate').att('type', 'text/html').att('href', attr(feed.homeUrl));
  if (feed.hub) root.ele('link').att('rel', 'hub').att('href', attr(feed.hub));
  // RFC 5005 §4: archive pages link to their neighbours and to the subscription document.
  const history = feed.history;
  if (history?.current)
    root.ele('link').att('rel', 'current').att('type', 'application/atom+xml').att('href', attr(history.current));
  if (history?.prevArchive)
    root
      .ele('link')
      .att('rel', 'prev-archive')
      .att('type', 'application/atom+xml')
      .att('href', attr(history.prevArchive));
  if (history?.nextArchive)
    root
      .ele('link')
      .att('rel', 'next-archive')
      .att('type', 'application/atom+xml')
      .att('href', attr(history.nextArchive));
  if (history?.archive) root.ele(NS.history, 'fh:archive');
  author(root, 'author', feed.author);
  root.ele('rights').att('type', 'text').txt(text(feed.copyright));
  root.ele('generator').att('uri', attr(GENERATOR.uri)).txt(GENERATOR.name);

  // Tombstones go before the entries: RFC 4287's schema puts foreign elements of a feed
  // before its atom:entry elements (extensionElement* precedes atomEntry*).
  for (const tombstone of feed.tombstones) {
    const t = root
      .ele(NS.tombstones, 'at:deleted-entry')
      .att('ref', attr(tombstone.id))
      .att('when', formatIso(tombstone.when));
    t.ele(NS.atom, 'link').att('rel', 'alternate').att('href', attr(tombstone.url));
    t.ele(NS.tombstones, 'at:comment').txt('This article has been withdrawn.');
  }
  for (const entry of feed.entries) {
    const e = root.ele('entry');
    e.ele('id').txt(text(entry.id));
    e.ele('title').att('type', 'text').txt(text(entry.title));
    e.ele('link').att('rel', 'alternate').att('type', 'text/html').att('href', attr(entry.url));
    e.ele('published').txt(formatIso(entry.published));
    e.ele('updated').txt(formatIso(entry.modified));
    for (const person of entry.authors) author(e, 'author', person);
    for (const category of categoriesOf(entry)) {
      e.ele('category')
        .att('term', attr(category.term))
        .att('scheme', attr(`${feed.homeUrl}${category.kind === 'section' ? 'sections' : 'tags'}/`));
    }
    if (entry.summary) e.ele('summary').att('type', 'text').txt(text(entry.summary));
    e.ele('content').att('type', 'html').txt(text(entry.contentHtml));
    const enclosure = entry.image && largestJpeg(entry.image);
    if (enclosure) {
      e.ele('link')
        .att('rel', 'enclosure')
        .att('type', enclosure.mimeType)
        .att('length', String(enclosure.bytes))
        .att('href', attr(enclosure.url));
    }
  }

  return root.end({ prettyPrint: true }) + '\n';
}

function author(parent: XMLBuilder, element: string, person: Author): void {
  const a = parent.ele(element);
  a.ele('name').txt(text(person.name));
  if (person.email) a.ele('email').txt(text(person.email));
  if (person.url) a.ele('uri').txt(text(person.url));
}
