import { xmlAttribute, xmlText } from '../feeds/xml.js';
import type { ImageRights } from './rights.js';

/**
 * The XMP packet of a rendition (pure): the rights fields and nothing else, named as the
 * IPTC Photo Metadata Standard maps them to XMP, so picture desks, asset systems and
 * search engines find the credit where they look for it. Text is escaped by the feeds'
 * own XML escaping (which also drops characters XML forbids).
 */

const NAMESPACES: Record<string, string> = {
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
};

/** No packet at all for a picture with no rights fields: the rendition then carries no metadata. */
export function xmpPacket(rights: ImageRights): string | undefined {
  const properties = [
    rights.creator !== undefined &&
      `<dc:creator><rdf:Seq><rdf:li>${xmlText(rights.creator)}</rdf:li></rdf:Seq></dc:creator>`,
    rights.copyright !== undefined && `<dc:rights>${languageAlternative(rights.copyright)}</dc:rights>`,
    rights.caption !== undefined && `<dc:description>${languageAlternative(rights.caption)}</dc:description>`,
    rights.credit !== undefined && `<photoshop:Credit>${xmlText(rights.credit)}</photoshop:Credit>`,
    rights.source !== undefined && `<photoshop:Source>${xmlText(rights.source)}</photoshop:Source>`,
    rights.license !== undefined && `<xmpRights:WebStatement>${xmlText(rights.license)}</xmpRights:WebStatement>`,
    rights.licensor !== undefined && licensor(rights.licensor),
  ].filter((property): property is string => typeof property === 'string');
  if (properties.length === 0) return undefined;
  const declarations = Object.entries(NAMESPACES)
    .map(([prefix, uri]) => ` xmlns:${prefix}="${xmlAttribute(uri)}"`)
    .join('');
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    `<rdf:Description rdf:about=""${declarations}>\n` +
    properties.map((property) => `${property}\n`).join('') +
    '</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>'
  );
}

/** A language alternative with only the default language (XMP Part 1 §8.2.2.4), as IPTC maps text that may be translated. */
function languageAlternative(text: string): string {
  return `<rdf:Alt><rdf:li xml:lang="x-default">${xmlText(text)}</rdf:li></rdf:Alt>`;
}

function licensor(value: { name: string; url?: string }): string {
  const url = value.url === undefined ? '' : `<plus:LicensorURL>${xmlText(value.url)}</plus:LicensorURL>`;
  return (
    '<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource">' +
    `<plus:LicensorName>${xmlText(value.name)}</plus:LicensorName>${url}` +
    '</rdf:li></rdf:Seq></plus:Licensor>'
  );
}
