import { describe, expect, it } from 'vitest';
import { changedFields, fieldsHashOf } from './significant-edits.js';

const base = {
  title: 'Court Hears Case',
  dek: 'A dek',
  image: { source: 'images/a.jpg', alt: 'Alt', caption: 'Caption', credit: 'Credit' },
};

describe('significant fields', () => {
  it.each([
    ['title', { ...base, title: 'Court Rejects Case' }, ['title']],
    ['dek', { ...base, dek: 'Another dek' }, ['dek']],
    ['dek removed', { ...base, dek: undefined }, ['dek']],
    ['image', { ...base, image: { ...base.image, source: 'images/b.jpg' } }, ['image.src']],
    [
      'caption and credit',
      { ...base, image: { ...base.image, caption: 'New', credit: 'New' } },
      ['image.caption', 'image.credit'],
    ],
    ['alt text only', { ...base, image: { ...base.image, alt: 'Other alt' } }, []],
    ['whitespace only', { ...base, title: '  Court\nHears   Case ' }, []],
  ])('%s', (_, edited, expected) => {
    expect(changedFields(fieldsHashOf(base), fieldsHashOf(edited))).toEqual(expected);
  });

  it('reports nothing for a record that predates field hashes', () => {
    expect(changedFields(undefined, fieldsHashOf(base))).toEqual([]);
  });
});
