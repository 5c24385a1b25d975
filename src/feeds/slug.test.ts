import { describe, expect, it } from 'vitest';
import { MAX_SLUG_LENGTH, assignSlugs, baseSlug } from './slug.js';

describe('baseSlug', () => {
  it.each([
    ['Asia', 'asia'],
    ['Water and Sanitation', 'water-and-sanitation'],
    ['Café', 'cafe'],
    ['Straße', 'strasse'],
    ['Øresund', 'oresund'],
    ['Россия', 'rossiya'],
    ['iPhone', 'iphone'],
    ['日本', ''],
  ])('%s → %s', (name, slug) => {
    expect(baseSlug(name)).toBe(slug);
  });
});

describe('assignSlugs', () => {
  it('gives names that fold together different slugs, the first in code-unit order keeping the plain one', () => {
    expect(assignSlugs(['cafe', 'Café', 'CAFE'], {})).toEqual({
      CAFE: 'cafe',
      // sha256("Café") and sha256("cafe") begin with these hex digits
      Café: 'cafe-73473dcc',
      cafe: 'cafe-a860b858',
    });
  });

  it('keeps every slug already assigned, so a newcomer never takes over a subscribed URL', () => {
    const first = assignSlugs(['cafe'], {});
    expect(first).toEqual({ cafe: 'cafe' });
    const second = assignSlugs(['Café', 'cafe'], first);
    expect(second.cafe).toBe('cafe');
    expect(second.Café).toBe('cafe-73473dcc');
  });

  it('remembers names no longer in use, so their slug is never reused by another name', () => {
    const first = assignSlugs(['Asia'], {});
    expect(assignSlugs(['ASIA'], first)).toEqual({ Asia: 'asia', ASIA: 'asia-e1eba322' });
  });

  it('names a name with nothing to transliterate by its hash alone', () => {
    const slugs = assignSlugs(['日本', '中国'], {});
    expect(slugs['日本']).toMatch(/^[0-9a-f]{8}$/);
    expect(slugs['中国']).toMatch(/^[0-9a-f]{8}$/);
    expect(slugs['日本']).not.toBe(slugs['中国']);
  });

  it('is deterministic whatever order the names come in', () => {
    expect(assignSlugs(['b', 'Café', 'cafe', 'B'], {})).toEqual(assignSlugs(['cafe', 'B', 'b', 'Café'], {}));
  });

  it('cuts a very long name to MAX_SLUG_LENGTH with a hash, so two long names sharing their start stay apart', () => {
    const long = 'The inquiry into the collapse of the northern dam and the evictions that followed it '.repeat(8);
    const slugs = assignSlugs([`${long}part one`, `${long}part two`], {});
    const [one, two] = [slugs[`${long}part one`], slugs[`${long}part two`]] as [string, string];
    expect(one.length).toBe(MAX_SLUG_LENGTH);
    expect(two.length).toBe(MAX_SLUG_LENGTH);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^the-inquiry-into-the-collapse-of-the-northern-dam-and-the-evictions-tha-[0-9a-f]{8}$/);
    // A short name is untouched.
    expect(assignSlugs(['Asia'], {})).toEqual({ Asia: 'asia' });
  });
});
