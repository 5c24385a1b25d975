import { cleanText } from '../util/xml-text.js';

/**
 * Values for xmlbuilder2's `.txt()` and `.att()` (pure). Every piece of text the XML
 * serializers write goes through one of these two functions (issue 5).
 *
 * Why not hand the raw text to xmlbuilder2: its serializer (4.x, BaseWriter) escapes "&"
 * only when it does not already start something that looks like a reference
 * (`/&(?![A-Za-z]+;|#\d+;)/`). A title that says "&nbsp;" would come out as an undefined
 * entity (not well-formed), "&#0;" as an illegal character reference, "&amp;" would read
 * back as "&", and, worst, HTML content holding the text "&lt;script&gt;" would reach the
 * partner as a real `<script>`. So "&" is escaped here, every time; xmlbuilder2 then
 * leaves our "&amp;" alone (it matches its pattern) and escapes "<" and ">" itself.
 * src/feeds/xml.test.ts pins that behaviour, so an xmlbuilder2 upgrade that changes it
 * fails loudly instead of double-escaping.
 */

/** Element text: cleaned, "&" escaped, CR kept as a reference (XML parsers turn a raw CR into LF). */
export function xmlText(value: string): string {
  return cleanText(value).replace(/&/g, '&amp;').replace(/\r/g, '&#13;');
}

/**
 * Attribute value: as xmlText, and tab and LF kept as references too, because attribute
 * value normalization (XML 1.0 §3.3.3) turns raw white space into plain spaces.
 */
export function xmlAttribute(value: string): string {
  return cleanText(value).replace(/&/g, '&amp;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
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

/** Text → HTML that displays it: only &, < and > matter in element content. */
function escapeMarkup(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
