import type { Author, Entry } from '../model.js';
import { largestJpeg } from '../render/figure.js';
import { formatIso } from '../validate/dates.js';
import { categoriesOf, GENERATOR, NS, stylesheetInstructions, type FeedDocument } from './document.js';
import { el, elementOf, markup, xmlDocumentPieces, type XmlChild, type XmlNode } from './xml.js';

/**
 * Atom 1.0 (RFC 4287) with RFC 6721 tombstones (pure). Written with our own XML printer (xml.ts) rather than
 * the `feed` package: see docs/architecture.md, "Architecture notes and dependencies", for the
 * defects that made the workaround uglier than the format (always-html titles, no extension
 * hook for tombstones, enclosure types guessed from extensions, ids rewritten through
 * `new URL`).
 */
export function renderAtom(feed: FeedDocument): string {
  return atomPieces(feed).join('');
}

/** The document as the pieces of its text (xml.ts, `xmlDocumentPieces`). */
export function atomPieces(feed: FeedDocument): string[] {
  const history = feed.history;
  const schemes: CategorySchemes = { section: `${feed.homeUrl}sections/`, tag: `${feed.homeUrl}tags/` };
  const atomLink = (rel: string, href: string | undefined) =>
    href !== undefined && el('link', { rel, type: 'application/atom+xml', href });
  const root = el(
    'feed',
    {
      xmlns: NS.atom,
      'xmlns:at': NS.tombstones,
      'xml:lang': feed.language,
      'xmlns:fh': history?.archive ? NS.history : undefined,
    },
    el('id', null, feed.urls.atom),
    el('title', { type: 'text' }, feed.title),
    feed.description && el('subtitle', { type: 'text' }, feed.description),
    el('updated', null, formatIso(feed.updated)),
    atomLink('self', feed.urls.atom),
    el('link', { rel: 'alternate', type: 'text/html', href: feed.homeUrl }),
    feed.hub && el('link', { rel: 'hub', href: feed.hub }),
    // RFC 5005 §4: archive pages link to their neighbours and to the subscription document.
    atomLink('current', history?.current),
    atomLink('prev-archive', history?.prevArchive),
    atomLink('next-archive', history?.nextArchive),
    history?.archive && el('fh:archive'),
    atomPerson('author', feed.author),
    el('rights', { type: 'text' }, feed.copyright),
    el('generator', { uri: GENERATOR.uri, version: GENERATOR.version }, GENERATOR.name),
    // Tombstones go before the entries: RFC 4287's schema puts foreign elements of a feed
    // before its atom:entry elements (extensionElement* precedes atomEntry*).
    ...feed.tombstones.map((tombstone) =>
      el(
        'at:deleted-entry',
        { ref: tombstone.id, when: formatIso(tombstone.when) },
        tombstone.url && el('link', { rel: 'alternate', href: tombstone.url }),
        el('at:comment', null, 'This article has been withdrawn.'),
      ),
    ),
    ...feed.entries.map((entry) => atomEntry(entry, schemes)),
  );
  return xmlDocumentPieces(root, stylesheetInstructions(feed, feed.urls.atom));
}

/** The scheme of a category, by its kind: the site's section or tag listing. */
type CategorySchemes = Record<'section' | 'tag', string>;

/**
 * One entry: a function of its own that reads nothing of the feed object, filling one array
 * instead of spreading mapped ones. Each feed document reaches a feed thread as an object of
 * its own shape, and the spreads' arrays vary in kind and length; inside the feed's function,
 * each new one made V8 discard the optimized code and compile it again (five or six compiles,
 * about 300 ms of a cold build of 10,000 articles; now two to four, 100–190 ms).
 */
function atomEntry(entry: Entry, schemes: CategorySchemes): XmlNode {
  const enclosure = entry.image && largestJpeg(entry.image);
  const children: XmlChild[] = [
    el('id', null, entry.id),
    el('title', { type: 'text' }, entry.title),
    el('link', { rel: 'alternate', type: 'text/html', href: entry.url }),
    el('published', null, formatIso(entry.published)),
    el('updated', null, formatIso(entry.modified)),
  ];
  for (const person of entry.authors) children.push(atomPerson('author', person));
  for (const category of categoriesOf(entry))
    children.push(el('category', { term: category.term, scheme: schemes[category.kind] }));
  children.push(
    entry.summary && el('summary', { type: 'text' }, entry.summary),
    el('content', { type: 'html' }, markup(entry.contentHtml)),
    enclosure &&
      el('link', { rel: 'enclosure', type: enclosure.mimeType, length: enclosure.bytes, href: enclosure.url }),
  );
  return elementOf('entry', null, children);
}

/** An Atom person construct (RFC 4287 §3.2): `<author>` or `<contributor>`; the corrections feed writes its author with it too. */
export function atomPerson(element: string, person: Author): XmlNode {
  return el(
    element,
    null,
    el('name', null, person.name),
    person.email && el('email', null, person.email),
    person.url && el('uri', null, person.url),
  );
}
