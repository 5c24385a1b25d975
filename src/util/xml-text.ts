/**
 * Characters that XML 1.0 forbids (§2.2 Char): C0 controls other than tab, LF and CR,
 * U+FFFE, U+FFFF and unpaired surrogates. No escape can carry them (`&#1;` is not
 * well-formed either), so they are removed.
 */
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * DEL and the C1 controls (U+007F–U+009F). XML 1.0 allows them but discourages them
 * (§2.2), they never belong in news text (they are what cp1252 text looks like after a
 * wrong decode), and Universal Feed Parser rewrites U+0080–U+009F to the cp1252
 * characters (€, …, Ÿ) in element text, so a partner would read something else than the
 * JSON Feed says. Removed with the forbidden ones, so all three feeds say the same thing.
 */
const DISCOURAGED_CONTROLS = /[\u007F-\u009F]/g;

/** Remove only what XML 1.0 forbids. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/**
 * Remove every character presswire never publishes: the XML-forbidden ones and the
 * discouraged controls. Applied to every text field and to the HTML content, in every
 * format (JSON Feed included). Idempotent.
 */
export function cleanText(text: string): string {
  // One plain test first: almost no text has any of them (text with a valid surrogate pair,
  // an emoji, takes the two passes, which keep it).
  if (!MAY_NEED_CLEANING.test(text)) return text;
  return text.replace(XML_ILLEGAL, '').replace(DISCOURAGED_CONTROLS, '');
}

/** Every character XML_ILLEGAL or DISCOURAGED_CONTROLS can remove, paired surrogates included. */
const MAY_NEED_CLEANING =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * A plain-text field as presswire publishes it: cleaned, line breaks made LF, then trimmed.
 * XML and HTML parsers both turn CRLF and a lone CR into LF, so a CR could not reach a
 * partner through the XML feeds or inside HTML content; making it LF here keeps the JSON
 * Feed saying the same. Trimming comes last so that a control character cannot shield
 * white space from it (feed parsers strip surrounding white space, so a field that kept
 * it would not read back as written).
 */
export function plainText(text: string): string {
  return cleanText(text).replace(/\r\n?/g, '\n').trim();
}

/** Escape text for HTML element content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
