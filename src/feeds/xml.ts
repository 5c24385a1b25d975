import { cleanText } from '../util/xml-text.js';

/**
 * The XML serializers' one way to write elements (pure): `el()` builds nodes,
 * `xmlDocument()` prints them. Every text and attribute value is escaped here, by
 * xmlText/xmlAttribute, so no serializer can forget to.
 *
 * The printer is written here, not taken from a library: at newsroom scale presswire
 * writes every archive page, about 90 MB of XML for 10,000 articles. xmlbuilder2, which
 * wrote the feeds at first, builds a full W3C DOM to print it (20–30 ms per 100-entry
 * page); fast-xml-parser's builder, which came next, tracks a path matcher and copies every
 * attribute map for features presswire does not use (stop nodes, name sanitizing, entity
 * tables), and was 2.2 of the 8.5 s of CPU the feed threads spent on a cold build of
 * 10,000 articles. This printer writes the same bytes as that builder did (two-space
 * indentation, empty elements self-closed, text kept on the element's line; pinned by
 * src/feeds/xml.test.ts and the feed tests) from nodes that are already escaped strings.
 */

/** An element: its name, its attributes already written out (` a="v"`), its children. */
export interface XmlNode {
  readonly name: string;
  readonly attributes: string;
  /** Escaped text, or elements. */
  readonly children: readonly (XmlNode | string)[];
}
export type XmlAttributes = Record<string, string | number | undefined>;
/**
 * Text (escaped here), an element, HTML content (`markup`), or nothing: undefined, false
 * and '' are left out, so conditional children can be written inline (`feed.hub && el(…)`).
 * An empty text node and no text node are the same XML.
 */
export type XmlChild = XmlNode | XmlMarkup | string | undefined | false;

/** HTML carried as text (an entry's content): written as a CDATA section, see `markup`. */
export interface XmlMarkup {
  readonly markup: string;
}

/**
 * HTML content as element text, in a CDATA section: the same text to every XML parser as
 * the escaped form, without a reference for each of its thousands of `<`, `>` and `&`, and
 * without three passes over every content (docs/architecture.md, "Why every XML value goes
 * through src/feeds/xml.ts"). Cleaned as all text is; a `]]>` in it is split across two
 * sections, and a CR is a reference between two (XML parsers turn a raw CR into LF).
 */
export function markup(html: string): XmlMarkup {
  return { markup: html };
}

function cdataOf(html: string): string {
  const text = cleanText(html);
  if (text === '') return '';
  const safe = text.includes(']]>') ? text.replace(/]]>/g, ']]]]><![CDATA[>') : text;
  const kept = safe.includes('\r') ? safe.replace(/\r/g, ']]>&#13;<![CDATA[') : safe;
  return `<![CDATA[${kept}]]>`;
}

const INDENT = '  ';

/** ` name="value"` for each defined attribute, in the order given. */
function attributesOf(attributes: XmlAttributes | null | undefined): string {
  if (!attributes) return '';
  let written = '';
  for (const name in attributes) {
    const value = attributes[name];
    // The apostrophe as a reference too: what the builder these bytes were pinned with wrote.
    if (value !== undefined) written += ` ${name}="${xmlAttribute(String(value)).replace(/'/g, '&apos;')}"`;
  }
  return written;
}

/** An element; attribute values and text children are escaped, undefined attributes and children left out. */
export function el(name: string, attributes?: XmlAttributes | null, ...children: XmlChild[]): XmlNode {
  return elementOf(name, attributes, children);
}

/**
 * el() with its children given as one array: for children collected in a loop, which a
 * spread call would pass (V8 compiles a spread call again whenever the array's length changes).
 */
export function elementOf(
  name: string,
  attributes: XmlAttributes | null | undefined,
  children: readonly XmlChild[],
): XmlNode {
  const content: (XmlNode | string)[] = [];
  for (const child of children) {
    if (child === undefined || child === false || child === '') continue;
    if (typeof child !== 'string') {
      if (!('markup' in child)) content.push(child);
      else {
        const text = cdataOf(child.markup);
        if (text !== '') content.push(text);
      }
    } else {
      // Text that cleaning empties (only control characters) is no text node at all.
      const text = xmlText(child);
      if (text !== '') content.push(text);
    }
  }
  return { name, attributes: attributesOf(attributes), children: content };
}

/**
 * Children at one depth, each element on its own line after `indentation`; an element
 * holding only text keeps it on its line (`<id>…</id>`), one holding elements closes on a
 * line of its own, one holding nothing is self-closed. Decided from the children's kinds,
 * never by looking into printed text (a CDATA section holds `<` and `>`), and written as
 * pieces joined once: a 100-entry archive page is a megabyte.
 */
function printChildren(children: readonly (XmlNode | string)[], indentation: string, out: string[]): void {
  let afterElement = false;
  const inner = indentation + INDENT;
  for (const child of children) {
    if (typeof child === 'string') {
      if (afterElement) out.push(indentation);
      out.push(child);
      afterElement = false;
      continue;
    }
    const start = `${indentation}<${child.name}${child.attributes}`;
    const kids = child.children;
    const last = kids[kids.length - 1];
    if (last === undefined) out.push(`${start}/>`);
    else if (typeof last !== 'string') {
      out.push(`${start}>`);
      printChildren(kids, inner, out);
      out.push(`${indentation}</${child.name}>`);
    } else if (kids.some((kid) => typeof kid !== 'string')) {
      // Text after elements: the whole content starts on a line of its own.
      out.push(`${start}>${inner}`);
      printChildren(kids, inner, out);
      out.push(`${indentation}</${child.name}>`);
    } else {
      out.push(`${start}>`);
      for (const text of kids) out.push(text as string);
      out.push(`</${child.name}>`);
    }
    afterElement = true;
  }
}

/**
 * A whole document: the XML declaration, `<?xml-stylesheet?>` instructions (attributes of
 * each), then the root element, indented by two spaces, ending with a line feed.
 */
export function xmlDocument(root: XmlNode, stylesheets: readonly XmlAttributes[] = []): string {
  return xmlDocumentPieces(root, stylesheets).join('');
}

/**
 * The same document as the pieces of its text, in order: a feed thread encodes them to UTF-8
 * one by one (util/utf8-pieces.ts) instead of joining an archive page into one string first.
 */
export function xmlDocumentPieces(root: XmlNode, stylesheets: readonly XmlAttributes[] = []): string[] {
  const out = [`<?xml${attributesOf({ version: '1.0', encoding: 'utf-8' })}?>`];
  for (const attributes of stylesheets) out.push(`\n<?xml-stylesheet${attributesOf(attributes)}?>`);
  printChildren([root], '\n', out);
  out.push('\n');
  return out;
}

/** Element text: cleaned, markup characters escaped, CR kept as a reference (XML parsers turn a raw CR into LF). */
export function xmlText(value: string): string {
  // Most values (ids, dates, names, URLs) need nothing: one test instead of six passes.
  if (!TEXT_SPECIAL.test(value)) return value;
  // A pass per character with a plain replacement, not one pass calling a function at every
  // match: an entry's HTML content holds thousands of `<` and `>`.
  const escaped = cleanText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.includes('\r') ? escaped.replace(/\r/g, '&#13;') : escaped;
}

/** What xmlText or xmlAttribute would change: markup characters, CR, and what cleanText removes. */
const TEXT_SPECIAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_SPECIAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[&<>"\t\n\r\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Attribute value: as xmlText, with the quote escaped, and tab and LF kept as references
 * too, because attribute value normalization (XML 1.0 §3.3.3) turns raw white space into
 * plain spaces.
 */
export function xmlAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return cleanText(value).replace(/[&<>"\t\n\r]/g, (char) => ESCAPES[char] as string);
}

/**
 * Plain text for an RSS element whose type RSS 2.0 leaves open (`<title>`).
 *
 * RSS never says whether a title is text or HTML, so readers guess. Universal Feed Parser
 * (and readers built the same way) takes a title for HTML when it holds a closing tag or
 * something like an entity reference ("&amp;", "&#65;"), and then sanitizes and renders it.
 * Such a title is entity-encoded once more, so a reader that treats it as HTML shows the
 * characters as written; every other title is written once-encoded, the form the RSS
 * Advisory Board's profile recommends for plain text, which readers that treat titles as
 * plain text show as written too. The test below is a superset of feedparser's
 * (`looks_like_html` in feedparser/mixin.py): encoding a title that did not need it costs
 * nothing for an HTML-guessing reader.
 */
export function rssPlainText(value: string): string {
  return looksLikeHtml(value) ? escapeMarkup(value) : value;
}

/** RSS `<description>` is HTML by definition (RSS 2.0: "entity-encoded HTML is allowed"): plain text is escaped into it. */
export function rssDescriptionFromText(value: string): string {
  return escapeMarkup(value);
}

const CLOSING_TAG = /<\/[^\s<>]+>/;
const REFERENCE_LIKE = /&#?[^\s&;<>]+;/;

function looksLikeHtml(value: string): boolean {
  return CLOSING_TAG.test(value) || REFERENCE_LIKE.test(value);
}

/** Text → markup that displays it (HTML or XML element content): only &, < and > matter there. */
function escapeMarkup(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
