import { describe, expect, it } from 'vitest';
import { DEFAULT_ADOPTION, detectDialect, excerptAbove, mapFrontMatter, type AdoptionSettings } from './map.js';

const settings = (overrides: Partial<AdoptionSettings> = {}): AdoptionSettings => ({
  ...DEFAULT_ADOPTION,
  ...overrides,
});

function mapped(
  data: Record<string, unknown>,
  sourcePath = 'post.md',
  overrides: Partial<AdoptionSettings> = {},
  body = '',
) {
  return mapFrontMatter({ data, body, sourcePath }, settings(overrides));
}

describe('detectDialect (input.dialect: auto)', () => {
  it.each([
    ['presswire: published as a date', { title: 'T', published: '2018-06-12' }, 'a.md', undefined, 'presswire'],
    [
      'presswire: published with corrections',
      { published: '2018-06-12', corrections: [] },
      'a.md',
      undefined,
      'presswire',
    ],
    ['hugo: TOML front matter', { title: 'T', date: '2023-01-01' }, 'a.md', 'toml', 'hugo'],
    ['hugo: lastmod', { title: 'T', date: '2023-01-01', lastmod: '2023-01-02' }, 'a.md', 'yaml', 'hugo'],
    ['hugo: images list', { title: 'T', date: '2023-01-01', images: ['a.jpg'] }, 'a.md', 'yaml', 'hugo'],
    ['astro: pubDate', { title: 'T', pubDate: 'Jul 08 2022' }, 'a.md', 'yaml', 'astro'],
    ['astro: heroImage', { title: 'T', heroImage: 'a.jpg', date: '2022-01-01' }, 'a.md', 'yaml', 'astro'],
    [
      'eleventy: eleventyNavigation',
      { title: 'T', date: '2022-01-01', eleventyNavigation: {} },
      'a.md',
      'yaml',
      'eleventy',
    ],
    ['jekyll: date in the file name', { title: 'T' }, '2014-03-12-a.md', 'yaml', 'jekyll'],
    [
      'jekyll: last_modified_at',
      { title: 'T', date: '2014-03-12', last_modified_at: '2014-04-01' },
      'a.md',
      'yaml',
      'jekyll',
    ],
    ['jekyll: published: false', { title: 'T', published: false }, 'a.md', 'yaml', 'jekyll'],
    ['jekyll: only a date', { title: 'T', date: '2014-03-12' }, 'a.md', 'yaml', 'jekyll'],
    ['hugo: JSON front matter', { title: 'T' }, 'a.md', 'json', 'hugo'],
    ['presswire: nothing else to go by', { title: 'T' }, 'a.md', 'yaml', 'presswire'],
  ] as const)('%s', (_name, data, sourcePath, format, expected) => {
    expect(detectDialect({ data, sourcePath, ...(format ? { format } : {}) })).toBe(expected);
  });
});

describe('mapFrontMatter: each platform key onto presswire', () => {
  it.each([
    [
      'jekyll date',
      'jekyll',
      { title: 'T', date: '2014-03-12 10:00:00 -0500' },
      'published',
      '2014-03-12 10:00:00 -0500',
    ],
    ['hugo publishDate alone', 'hugo', { title: 'T', publishDate: '2023-01-01' }, 'published', '2023-01-01'],
    ['astro pubDate (English form)', 'astro', { title: 'T', pubDate: 'Jul 08 2022' }, 'published', '2022-07-08'],
    ['astro pubDate (ISO)', 'astro', { title: 'T', pubDate: '2022-07-08' }, 'published', '2022-07-08'],
    ['hugo lastmod', 'hugo', { title: 'T', date: '2023-01-01', lastmod: '2023-02-01' }, 'updated', '2023-02-01'],
    [
      'jekyll last_modified_at',
      'jekyll',
      { date: '2023-01-01', last_modified_at: '2023-02-01' },
      'updated',
      '2023-02-01',
    ],
    ['astro updatedDate', 'astro', { pubDate: '2023-01-01', updatedDate: '2023-02-01' }, 'updated', '2023-02-01'],
    ['eleventy modified', 'eleventy', { date: '2023-01-01', modified: '2023-02-01' }, 'updated', '2023-02-01'],
    ['description', 'jekyll', { description: 'D' }, 'dek', 'D'],
    ['jekyll excerpt', 'jekyll', { excerpt: 'E' }, 'dek', 'E'],
    ['hugo summary', 'hugo', { summary: 'S' }, 'dek', 'S'],
    ['subtitle', 'eleventy', { subtitle: 'S' }, 'dek', 'S'],
    ['draft: true', 'hugo', { draft: true }, 'status', 'draft'],
    ['jekyll published: false', 'jekyll', { published: false }, 'status', 'draft'],
    ['hugo expiryDate', 'hugo', { expiryDate: '2020-01-01' }, 'expires', '2020-01-01'],
    [
      'hugo publishDate after date: an embargo',
      'hugo',
      { date: '2023-01-01', publishDate: '2023-02-01' },
      'embargo',
      '2023-02-01',
    ],
    ['jekyll permalink', 'jekyll', { permalink: '/custom/path/' }, 'permalink', '/custom/path/'],
    ['hugo url', 'hugo', { url: '/2023/custom/' }, 'permalink', '/2023/custom/'],
    ['slug made lowercase', 'hugo', { slug: 'My Post' }, 'slug', 'my-post'],
    ['jekyll space-separated categories', 'jekyll', { categories: 'news world' }, 'section', 'news'],
    ['jekyll category', 'jekyll', { category: 'Politics' }, 'section', 'Politics'],
  ] as const)('%s', (_name, dialect, data, field, expected) => {
    const result = mapped(data, 'post.md', { dialect });
    expect(result.dialect).toBe(dialect);
    expect(result.data[field]).toEqual(expected);
  });

  it('reads the date and the slug from a Jekyll file name, and the title when none is given', () => {
    const result = mapped({ layout: 'post' }, '_posts/2014-03-12-welcome-back.markdown', { dialect: 'jekyll' });
    expect(result.data).toMatchObject({ published: '2014-03-12', slug: 'welcome-back', title: 'Welcome Back' });
    expect(result.diagnostics).toEqual([]);
  });

  it('names a page bundle by its folder, and a Hugo post without slug by its title', () => {
    expect(mapped({ title: 'A b' }, 'posts/harbour/index.md', { dialect: 'eleventy' }).data['slug']).toBe('harbour');
    expect(mapped({ title: 'Harbour Reopens!' }, 'posts/x/index.md', { dialect: 'hugo' }).data['slug']).toBe(
      'harbour-reopens',
    );
  });

  it.each([
    ['a plain path', { image: 'a.jpg', image_alt: 'Alt' }, { src: 'a.jpg', alt: 'Alt' }],
    ['{path, alt} (jekyll-seo-tag)', { image: { path: 'a.jpg', alt: 'Alt' } }, { src: 'a.jpg', alt: 'Alt' }],
    [
      '{src, alt, caption}',
      { image: { src: 'a.jpg', alt: 'A', caption: 'C' } },
      { src: 'a.jpg', alt: 'A', caption: 'C' },
    ],
    ['hugo images list', { images: ['a.jpg', 'b.jpg'] }, { src: 'a.jpg', alt: '' }],
    ['astro heroImage', { heroImage: '../../assets/a.jpg' }, { src: '../../assets/a.jpg', alt: '' }],
    ['featured_image', { featured_image: 'a.jpg' }, { src: 'a.jpg', alt: '' }],
  ])('image as %s', (_name, data, expected) => {
    const dialect = 'heroImage' in data ? 'astro' : 'images' in data ? 'hugo' : 'jekyll';
    expect(mapped(data, 'post.md', { dialect }).data['image']).toEqual(expected);
  });

  it('warns, on the key as written, when the lead image has no alt, and publishes it with an empty one', () => {
    const result = mapped({ images: ['a.jpg'] }, 'post.md', { dialect: 'hugo' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        key: 'images',
        message: expect.stringMatching(/^expected an alt text/),
      }),
    ]);
    expect(result.writtenKey('image.src')).toBe('images');
  });

  it.each([
    ['a name', 'Ann Lee', undefined, ['Ann Lee']],
    ['a list of names', ['Ann', 'Bo'], undefined, ['Ann', 'Bo']],
    [
      'an object with uri',
      { name: 'Ann', uri: 'https://x.example/ann' },
      undefined,
      [{ name: 'Ann', url: 'https://x.example/ann' }],
    ],
    [
      'a key of the data file',
      'ann',
      { ann: { name: 'Ann Lee', url: 'https://x.example/ann' } },
      [{ name: 'Ann Lee', url: 'https://x.example/ann' }],
    ],
  ])('author as %s', (_name, author, data, expected) => {
    const result = mapped({ author }, 'post.md', { dialect: 'jekyll', ...(data ? { authors: data } : {}) });
    expect(result.data['authors']).toEqual(expected);
  });

  it('takes the section from the list input.section names, and the rest as tags', () => {
    const data = { categories: ['World', 'Europe'], tags: ['vote'] };
    expect(mapped(data, 'p.md', { dialect: 'hugo' }).data).toMatchObject({
      section: 'World',
      tags: ['Europe', 'vote'],
    });
    expect(mapped(data, 'p.md', { dialect: 'hugo', section: 'tags' }).data).toMatchObject({
      section: 'vote',
      tags: ['World', 'Europe'],
    });
  });

  it('maps house keys with input.fields, in any dialect, and names them as written', () => {
    const own = mapped({ title: 'T', published: '2018-01-01', standfirst: 'S' }, 'a.md', {
      fields: { dek: 'standfirst' },
    });
    expect(own.dialect).toBe('presswire');
    expect(own.data).toEqual({ title: 'T', published: '2018-01-01', dek: 'S' });
    expect(own.writtenKey('dek')).toBe('standfirst');
    const hugo = mapped({ title: 'T', date: '2018-01-01', standfirst: 'S' }, 'a.md', {
      dialect: 'hugo',
      fields: { dek: 'standfirst' },
    });
    expect(hugo.data['dek']).toBe('S');
  });

  it('ignores layout keys silently and warns about keys no platform documents', () => {
    const result = mapped({ title: 'T', date: '2020-01-01', layout: 'post', mood: 'happy' }, 'a.md', {
      dialect: 'jekyll',
    });
    expect(result.diagnostics.map((d) => d.key)).toEqual(['mood']);
    expect(result.diagnostics[0]?.message).toMatch(/^unknown key, ignored \(read as a jekyll post/);
  });

  it('refuses a templated permalink with a warning rather than a broken URL', () => {
    const result = mapped({ permalink: '/{{ page.fileSlug }}/' }, 'a.md', { dialect: 'eleventy' });
    expect(result.data['permalink']).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ severity: 'warning', key: 'permalink' });
  });
});

describe('excerptAbove (the body above <!-- more -->)', () => {
  it.each([
    ['plain text', 'First *para*.\n\n<!-- more -->\nRest', 'First para.'],
    ['Hugo spelling', 'A [link](https://x.example) here.\n<!--more-->\nRest', 'A link here.'],
    ['headings and template tags removed', '# Head\n{% raw %}Text{{ site.url }}\n<!-- more -->', 'Head Text'],
    ['no separator', 'Just a body', undefined],
  ])('%s', (_name, body, expected) => {
    expect(excerptAbove(body)).toBe(expected);
  });

  it('is the summary when no key gives one', () => {
    expect(mapped({ title: 'T' }, 'a.md', { dialect: 'jekyll' }, 'Lead.\n<!-- more -->\nMore.').data['dek']).toBe(
      'Lead.',
    );
  });
});
