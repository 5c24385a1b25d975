import { describe, expect, it } from 'vitest';
import { bodyImageRights, imageUseKey, resolveRights, rightsFingerprint, siteRightsOf } from './rights.js';

describe('resolveRights', () => {
  const site = { copyright: '© Northwind Rights Monitor', license: 'https://example.org/licence' };

  it('takes the article first, then the site, and ignores the file when the article credits the picture', () => {
    const resolved = resolveRights(
      { credit: 'Desk Credit', caption: 'A caption.' },
      { credit: 'File Credit', creator: 'File Creator', copyright: '© File' },
      site,
    );
    expect(resolved).toEqual({
      rights: {
        credit: 'Desk Credit',
        caption: 'A caption.',
        copyright: '© Northwind Rights Monitor',
        license: 'https://example.org/licence',
      },
      creditFromSource: false,
    });
  });

  it("uses the file's creator, credit and copyright when the article gives no credit", () => {
    const resolved = resolveRights(
      { license: 'https://cc.example/by' },
      { credit: 'Wire', creator: 'J. Doe', copyright: '© Wire' },
      site,
    );
    expect(resolved).toEqual({
      rights: { creator: 'J. Doe', credit: 'Wire', copyright: '© Wire', license: 'https://cc.example/by' },
      creditFromSource: true,
    });
  });

  it('credits a file that names only its creator to that creator', () => {
    expect(resolveRights({}, { creator: 'J. Doe' }, {}).rights).toEqual({ creator: 'J. Doe', credit: 'J. Doe' });
  });

  it('leaves a picture credited nowhere without a credit (the build warns)', () => {
    expect(resolveRights({ caption: 'Only a caption.' }, undefined, {})).toEqual({
      rights: { caption: 'Only a caption.' },
      creditFromSource: false,
    });
  });
});

describe('imageUseKey', () => {
  it('is the path alone when nothing is declared, and differs per declaration otherwise', () => {
    expect(imageUseKey('images/a.jpg', {})).toBe('images/a.jpg');
    const one = imageUseKey('images/a.jpg', { credit: 'A' });
    expect(one).not.toBe('images/a.jpg');
    expect(imageUseKey('images/a.jpg', { credit: 'A' })).toBe(one);
    expect(imageUseKey('images/a.jpg', { credit: 'B' })).not.toBe(one);
    expect(imageUseKey('images/a.jpg', { caption: 'A' })).not.toBe(one);
  });
});

describe('rightsFingerprint', () => {
  it('changes with every published field', () => {
    const base = rightsFingerprint({ credit: 'A' });
    for (const changed of [
      { credit: 'B' },
      { credit: 'A', creator: 'C' },
      { credit: 'A', copyright: 'C' },
      { credit: 'A', caption: 'C' },
      { credit: 'A', license: 'https://x.example/' },
      { credit: 'A', source: 'S' },
      { credit: 'A', licensor: { name: 'L' } },
    ]) {
      expect(rightsFingerprint(changed)).not.toBe(base);
    }
    expect(rightsFingerprint({ credit: 'A' })).toBe(base);
  });
});

describe('bodyImageRights', () => {
  it('reads "caption | credit" from a Markdown title, the credit after the last bar', () => {
    expect(bodyImageRights('The pump at dawn. | © 2025 Wire')).toEqual({
      caption: 'The pump at dawn.',
      credit: '© 2025 Wire',
    });
    expect(bodyImageRights('Left | right | © Wire')).toEqual({ caption: 'Left | right', credit: '© Wire' });
    expect(bodyImageRights('| © Wire')).toEqual({ credit: '© Wire' });
    expect(bodyImageRights('Just a caption')).toEqual({ caption: 'Just a caption' });
    expect(bodyImageRights(undefined)).toEqual({});
  });
});

describe('siteRightsOf', () => {
  it('names the site as source only when asked', () => {
    expect(siteRightsOf({ source: false }, 'Site')).toEqual({});
    expect(siteRightsOf({ source: true, copyright: '© Site', licensor: { name: 'Site desk' } }, 'Site')).toEqual({
      source: 'Site',
      copyright: '© Site',
      licensor: { name: 'Site desk' },
    });
  });
});
