import { describe, expect, it } from 'vitest';
import { embeddedRights, rightsFromIptc, rightsFromXmp } from './embedded-rights.js';

/** An IIM dataset: tag marker, record, dataset, 16-bit length, data. */
function dataset(record: number, number: number, data: Buffer): Buffer {
  const header = Buffer.from([0x1c, record, number, 0, 0]);
  header.writeUInt16BE(data.length, 3);
  return Buffer.concat([header, data]);
}

/** A Photoshop image resource block holding `iim` as resource 0x0404, as JPEG's APP13 carries it. */
function photoshopBlock(iim: Buffer): Buffer {
  const header = Buffer.from('Photoshop 3.0\u00008BIM', 'latin1');
  const idAndName = Buffer.from([0x04, 0x04, 0x00, 0x00]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iim.length);
  return Buffer.concat([header, idAndName, size, iim, Buffer.alloc(iim.length & 1)]);
}

describe('rightsFromIptc', () => {
  const utf8 = dataset(1, 90, Buffer.from([0x1b, 0x25, 0x47]));
  const iim = Buffer.concat([
    utf8,
    dataset(2, 0, Buffer.from([0, 4])),
    dataset(2, 80, Buffer.from('Jörg Photographer')),
    dataset(2, 110, Buffer.from('Northwind Wire')),
    dataset(2, 116, Buffer.from('© 2026 Northwind Wire')),
    dataset(2, 120, Buffer.from('A caption not read')),
  ]);

  it('reads By-line, Credit and Copyright Notice from a Photoshop block or bare IIM', () => {
    const expected = { creator: 'Jörg Photographer', credit: 'Northwind Wire', copyright: '© 2026 Northwind Wire' };
    expect(rightsFromIptc(photoshopBlock(iim))).toEqual(expected);
    expect(rightsFromIptc(iim)).toEqual(expected);
  });

  it('reads Latin-1 text when UTF-8 is not declared and the bytes are not UTF-8', () => {
    expect(rightsFromIptc(dataset(2, 110, Buffer.from('Jörg', 'latin1')))).toEqual({ credit: 'Jörg' });
  });

  it('gives up quietly on truncated or malformed blocks', () => {
    expect(rightsFromIptc(iim.subarray(0, iim.indexOf('© 2026') + 3))).toEqual({
      creator: 'Jörg Photographer',
      credit: 'Northwind Wire',
    });
    expect(rightsFromIptc(Buffer.from('Photoshop 3.0\u00008BIM\u0004\u0004', 'latin1'))).toEqual({});
    expect(rightsFromIptc(Buffer.alloc(0))).toEqual({});
    const huge = photoshopBlock(iim);
    huge.writeUInt32BE(0xffffffff, 'Photoshop 3.0\u00008BIM'.length + 4);
    expect(rightsFromIptc(huge)).toEqual({});
  });
});

describe('rightsFromXmp', () => {
  it('reads element and attribute forms, the x-default language and the first creator', () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:creator><rdf:Seq><rdf:li>First Creator</rdf:li><rdf:li>Second</rdf:li></rdf:Seq></dc:creator>
        <dc:rights><rdf:Alt><rdf:li xml:lang="de">© Deutsch</rdf:li><rdf:li xml:lang="x-default">© Default &amp; Co</rdf:li></rdf:Alt></dc:rights>
      </rdf:Description>
      <rdf:Description rdf:about="" xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="Attribute Credit"/>
    </rdf:RDF></x:xmpmeta>`;
    expect(rightsFromXmp(Buffer.from(xmp))).toEqual({
      creator: 'First Creator',
      credit: 'Attribute Credit',
      copyright: '© Default & Co',
    });
  });

  it('refuses document type declarations (no entity expansion) and ignores garbage', () => {
    const bomb =
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><x:xmpmeta><rdf:Description photoshop:Credit="&a;"/></x:xmpmeta>';
    expect(rightsFromXmp(Buffer.from(bomb))).toEqual({});
    expect(rightsFromXmp(Buffer.from('<not xml'))).toEqual({});
    expect(rightsFromXmp(Buffer.alloc(2 * 1024 * 1024, 0x20))).toEqual({});
  });
});

describe('embeddedRights', () => {
  it('prefers XMP and fills gaps from IIM; nothing at all is undefined', () => {
    const xmp = Buffer.from(
      '<x:xmpmeta><rdf:RDF><rdf:Description photoshop:Credit="XMP Credit"/></rdf:RDF></x:xmpmeta>',
    );
    const iim = Buffer.concat([dataset(2, 110, Buffer.from('IIM Credit')), dataset(2, 80, Buffer.from('IIM Creator'))]);
    expect(embeddedRights(xmp, iim)).toEqual({ credit: 'XMP Credit', creator: 'IIM Creator' });
    expect(embeddedRights(undefined, undefined)).toBeUndefined();
  });
});
