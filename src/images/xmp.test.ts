import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rightsFromXmp } from './embedded-rights.js';
import { xmpPacket } from './xmp.js';

describe('xmpPacket', () => {
  it('writes nothing for a picture without rights', () => {
    expect(xmpPacket({})).toBeUndefined();
  });

  it('writes each field under its IPTC XMP property, escaped', () => {
    const packet = xmpPacket({
      creator: 'Ana <Photographer> & Co',
      credit: 'Wire "Pictures"',
      copyright: '© 2026 Wire',
      caption: 'Line one\nline two',
      license: 'https://example.org/licence?a=1&b=2',
      source: 'Northwind',
      licensor: { name: 'Wire Desk', url: 'https://wire.example/licensing' },
    });
    expect(packet).toBeDefined();
    expect(packet).toContain(
      '<dc:creator><rdf:Seq><rdf:li>Ana &lt;Photographer&gt; &amp; Co</rdf:li></rdf:Seq></dc:creator>',
    );
    expect(packet).toContain(
      '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Wire</rdf:li></rdf:Alt></dc:rights>',
    );
    expect(packet).toContain(
      '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Line one\nline two</rdf:li></rdf:Alt></dc:description>',
    );
    expect(packet).toContain('<photoshop:Credit>Wire "Pictures"</photoshop:Credit>');
    expect(packet).toContain('<photoshop:Source>Northwind</photoshop:Source>');
    expect(packet).toContain(
      '<xmpRights:WebStatement>https://example.org/licence?a=1&amp;b=2</xmpRights:WebStatement>',
    );
    expect(packet).toContain(
      '<plus:LicensorName>Wire Desk</plus:LicensorName><plus:LicensorURL>https://wire.example/licensing</plus:LicensorURL>',
    );
    // Well-formed, and read back to the same values.
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(packet as string) as Record<string, unknown>;
    expect(parsed['x:xmpmeta']).toBeDefined();
    expect(rightsFromXmp(Buffer.from(packet as string))).toEqual({
      creator: 'Ana <Photographer> & Co',
      credit: 'Wire "Pictures"',
      copyright: '© 2026 Wire',
    });
  });

  it('drops characters XML forbids instead of writing a broken packet', () => {
    const packet = xmpPacket({ credit: 'Wire\u0001 Pictures\uFFFE' }) as string;
    expect(packet).toContain('<photoshop:Credit>Wire Pictures</photoshop:Credit>');
  });
});
