import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { rssDescriptionFromText, rssPlainText, xmlAttribute, xmlText } from './xml.js';

/**
 * Pins how xmlText/xmlAttribute and xmlbuilder2 work together: the document must be
 * well-formed and an independent XML parser must read back exactly the cleaned input.
 * If an xmlbuilder2 upgrade starts escaping "&amp;" again (double escaping) or stops
 * escaping "<", these fail.
 */
function roundTrip(value: string): { text: string; attribute: string; xml: string } {
  const xml = create({ version: '1.0', encoding: 'utf-8' })
    .ele('r')
    .att('a', xmlAttribute(value))
    .txt(xmlText(value))
    .end();
  expect(XMLValidator.validate(xml)).toBe(true);
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
  const parsed = parser.parse(xml) as { r: { '#text'?: string; '@a'?: string } | string };
  const element = typeof parsed.r === 'string' ? { '#text': parsed.r } : parsed.r;
  return { text: element['#text'] ?? '', attribute: element['@a'] ?? '', xml };
}

describe('xmlText / xmlAttribute with xmlbuilder2', () => {
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
  });

  it('removes XML-forbidden and discouraged characters instead of writing them', () => {
    const { text, attribute, xml } = roundTrip('a\u0000b\u0001c\uFFFEd\uD800e\u0085f');
    expect(text).toBe('abcdef');
    expect(attribute).toBe('abcdef');
    // eslint-disable-next-line no-control-regex -- looking for the control characters is the point
    expect(xml).not.toMatch(/[\u0000-\u0008\uFFFE\uD800\u0085]/);
  });

  it('keeps attribute white space as references (attribute normalization would turn it into spaces)', () => {
    expect(roundTrip('x').xml).toContain('a="x"');
    expect(create().ele('r').att('a', xmlAttribute('a\tb\nc\rd')).end()).toContain('a="a&#9;b&#10;c&#13;d"');
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
