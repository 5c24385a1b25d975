import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { el, markup, rssDescriptionFromText, rssPlainText, xmlDocument } from './xml.js';

/**
 * Pins how el()/xmlDocument() escape: the document must be well-formed and an independent
 * XML parser must read back exactly the cleaned input. If the printer starts
 * escaping on its own again (double escaping) or our escaping misses a character, these fail.
 */
function roundTrip(value: string): { text: string; attribute: string; xml: string } {
  const xml = xmlDocument(el('r', { a: value }, value));
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = parser.parse(xml) as { r: { '#text'?: string; '@a'?: string } | string };
  const element = typeof parsed.r === 'string' ? { '#text': parsed.r } : parsed.r;
  return { text: element['#text'] ?? '', attribute: element['@a'] ?? '', xml };
}

/** The same for HTML given as markup(): the text an XML parser reads out of its CDATA sections. */
function markupRoundTrip(value: string): { text: string; xml: string } {
  const xml = xmlDocument(el('r', null, markup(value)));
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = parser.parse(xml) as { r: string };
  return { text: parsed.r, xml };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  // Needed for numeric character references (&#9;); "&nbsp;" never reaches the parser
  // unescaped, so HTML's named entities cannot mask a mistake here.
  htmlEntities: true,
});

describe('text and attribute values through el() and xmlDocument()', () => {
  it.each([
    ['a literal entity that XML does not define', 'x &nbsp; y'],
    ['an escaped ampersand written literally', 'Tom &amp; Jerry &amp;amp;'],
    ['character references written literally', '&#0; &#65; &#x41;'],
    ['escaped markup (HTML content holding "&lt;script&gt;")', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['markup characters', `<b> & > " ' ;`],
    [']]> several times', 'a]]>b]]>]]>'],
    ['a CDATA opener', '<![CDATA[x]]>'],
    ['a carriage return and CRLF', 'a\rb\r\nc'],
    ['tab and line feed', 'a\tb\nc'],
    ['emoji, ZWJ sequences, RTL, combining marks', '👩‍👩‍👧 \u202Eשלום\u202C e\u0301'],
  ])('%s reads back exactly', (_name, value) => {
    const { text, attribute } = roundTrip(value);
    expect(text).toBe(value);
    expect(attribute).toBe(value);
    expect(markupRoundTrip(value).text).toBe(value);
  });

  it('removes XML-forbidden and discouraged characters instead of writing them', () => {
    const { text, attribute, xml } = roundTrip('a\u0000b\u0001c\uFFFEd\uD800e\u0085f');
    expect(text).toBe('abcdef');
    expect(attribute).toBe('abcdef');
    // eslint-disable-next-line no-control-regex -- looking for the control characters is the point
    expect(xml).not.toMatch(/[\u0000-\u0008\uFFFE\uD800\u0085]/);
  });

  it('writes markup() as one CDATA section, split around each ]]> and each CR, cleaned, and none when empty', () => {
    expect(markupRoundTrip('<p>a &amp; b</p>').xml).toContain('<r><![CDATA[<p>a &amp; b</p>]]></r>');
    expect(markupRoundTrip('a]]>b').xml).toContain('<r><![CDATA[a]]]]><![CDATA[>b]]></r>');
    expect(markupRoundTrip('a\rb').xml).toContain('<r><![CDATA[a]]>&#13;<![CDATA[b]]></r>');
    expect(markupRoundTrip('a\u0000b\u0085c').text).toBe('abc');
    expect(xmlDocument(el('r', null, markup('\u0001')))).toContain('<r/>');
  });

  it('keeps attribute white space as references (attribute normalization would turn it into spaces)', () => {
    expect(roundTrip('x').xml).toContain('a="x"');
    expect(xmlDocument(el('r', { a: 'a\tb\nc\rd' }))).toContain('<r a="a&#9;b&#10;c&#13;d"/>');
  });
});

describe('xmlDocument', () => {
  it('writes the declaration, the stylesheet instructions, then the root, indented, ending with a line feed', () => {
    const xml = xmlDocument(
      el('feed', { xmlns: 'urn:x', 'xml:lang': undefined }, el('id', null, 'a&b'), el('empty'), '', el('p', { k: 1 })),
      [{ type: 'text/xsl', href: 'feed.xsl?a=1&b=2' }],
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml-stylesheet type="text/xsl" href="feed.xsl?a=1&amp;b=2"?>',
        '<feed xmlns="urn:x">',
        '  <id>a&amp;b</id>',
        '  <empty/>',
        '  <p k="1"/>',
        '</feed>',
        '',
      ].join('\n'),
    );
  });
});

describe('the printer', () => {
  it('nests elements two spaces a level, keeps text on its line, writes an apostrophe in an attribute as &apos;', () => {
    const xml = xmlDocument(
      el(
        'feed',
        null,
        el('entry', { t: "it's" }, el('author', null, el('name', null, "O'Hara")), el('c', null, 'x', 'y')),
      ),
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed>',
        '  <entry t="it&apos;s">',
        '    <author>',
        "      <name>O'Hara</name>",
        '    </author>',
        '    <c>xy</c>',
        '  </entry>',
        '</feed>',
        '',
      ].join('\n'),
    );
  });

  it('self-closes an element whose only text cleaning removes (control characters)', () => {
    expect(xmlDocument(el('r', null, el('t', null, '\u0001\u0002')))).toContain('<r>\n  <t/>\n</r>');
  });

  it('puts text that follows elements on a line of its own, after the blank line the earlier builder wrote', () => {
    expect(xmlDocument(el('r', null, el('a'), 'tail'))).toContain('<r>\n  \n  <a/>\n  tail\n</r>');
  });
});

describe('rssPlainText: RSS titles for readers that guess HTML', () => {
  it.each([
    ['plain text stays once-encoded', 'Rights Left Off the Summit Agenda', 'Rights Left Off the Summit Agenda'],
    ['a bare ampersand is not taken for HTML', 'AT&T', 'AT&T'],
    ['a lone "<" is not taken for HTML', '1 < 2 and The <title> element', '1 < 2 and The <title> element'],
    ['a closing tag is', 'a </b> b', 'a &lt;/b&gt; b'],
    ['an entity-like run is', 'Tom &amp; Jerry', 'Tom &amp;amp; Jerry'],
    ['a numeric reference is', '&#65;', '&amp;#65;'],
    ['an unknown entity-like run is', '&foo;', '&amp;foo;'],
  ])('%s', (_name, input, expected) => {
    expect(rssPlainText(input)).toBe(expected);
  });

  it('RSS description is HTML: text is always escaped into it', () => {
    expect(rssDescriptionFromText('AT&T <b>')).toBe('AT&amp;T &lt;b&gt;');
  });
});
