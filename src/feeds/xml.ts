import type { XMLBuilder } from 'fast-xml-parser';
import { lazyRequire } from '../util/lazy-require.js';
import { cleanText } from '../util/xml-text.js';

/**
 * The XML serializers' one way to write elements (pure): `el()` builds nodes of
 * fast-xml-parser's ordered form, `xmlDocument()` prints them. Every text and attribute
 * value is escaped here, by xmlText/xmlAttribute, so no serializer can forget to.
 *
 * Why fast-xml-parser's builder and not xmlbuilder2, which wrote the feeds at first: at
 * newsroom scale presswire writes every archive page, about 90 MB of XML for
 * 10,000 articles, and xmlbuilder2 builds a full W3C DOM to print it (measured: 20–30 ms
 * per 100-entry page, most of it creating DOM nodes). This builder prints plain objects,
 * about three times faster. Its entity processing is off: it cannot keep a carriage
 * return as a reference, and our escaping is the one the tests pin (src/feeds/xml.test.ts).
 * It is loaded when the first document is printed (its CommonJS build: one file, 7 ms
 * instead of 60): a rebuild in which no feed changed never needs it.
 */

export type XmlNode = Record<string, unknown>;
export type XmlAttributes = Record<string, string | number | undefined>;
/**
 * Text (escaped here), an element, or nothing: undefined, false and '' are left out, so
 * conditional children can be written inline (`feed.hub && el(…)`). An empty text node
 * and no text node are the same XML.
 */
export type XmlChild = XmlNode | string | undefined | false;

const ATTRIBUTE_PREFIX = '@_';
const fastXmlParser = lazyRequire<typeof import('fast-xml-parser')>('fast-xml-parser');
let builder: XMLBuilder | undefined;
const options = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  processEntities: false,
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
};

function attributesOf(attributes: XmlAttributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out[ATTRIBUTE_PREFIX + name] = xmlAttribute(String(value));
  }
  return out;
}

/** An element; attribute values and text children are escaped, undefined attributes and children left out. */
export function el(name: string, attributes?: XmlAttributes | null, ...children: XmlChild[]): XmlNode {
  const content: XmlNode[] = [];
  for (const child of children) {
    if (child === undefined || child === false || child === '') continue;
    content.push(typeof child === 'string' ? { '#text': xmlText(child) } : child);
  }
  return attributes ? { [name]: content, ':@': attributesOf(attributes) } : { [name]: content };
}

/**
 * A whole document: the XML declaration, `<?xml-stylesheet?>` instructions (attributes of
 * each), then the root element, indented by two spaces, ending with a line feed.
 */
export function xmlDocument(root: XmlNode, stylesheets: readonly XmlAttributes[] = []): string {
  const declaration = { '?xml': [], ':@': attributesOf({ version: '1.0', encoding: 'utf-8' }) };
  const instructions = stylesheets.map((attributes) => ({ '?xml-stylesheet': [], ':@': attributesOf(attributes) }));
  builder ??= new (fastXmlParser().XMLBuilder)(options);
  return `${builder.build([declaration, ...instructions, root]) as string}\n`;
}

/** Element text: cleaned, markup characters escaped, CR kept as a reference (XML parsers turn a raw CR into LF). */
export function xmlText(value: string): string {
  // Most values (ids, dates, names, URLs) need nothing: one test instead of six passes.
  if (!TEXT_SPECIAL.test(value)) return value;
  return cleanText(value).replace(/[&<>\r]/g, (char) => ESCAPES[char] as string);
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
