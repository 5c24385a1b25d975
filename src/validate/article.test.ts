import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics.js';
import { lineInBody, resolveArticleAsset, validateArticle, type ArticleSource } from './article.js';

/** A source as the reader makes it; every key sits on its own made-up line so diagnostics can name it. */
function source(data: Record<string, unknown>, body = 'Body.\n', sourcePath = '2018/summit.md'): ArticleSource {
  const keys = Object.keys(data);
  return {
    sourcePath,
    displayPath: `articles/${sourcePath}`,
    data,
    body,
    bodyLine: keys.length + 3,
    lineOf: (key) => {
      const index = keys.indexOf(key.split('.')[0] ?? '');
      return index < 0 ? undefined : index + 2;
    },
  };
}

const base = { title: 'Rights Left Off the Summit Agenda', published: '2018-06-12T09:30:00+08:00' };

function errors(data: Record<string, unknown>, body?: string): Diagnostic[] {
  return validateArticle(source(data, body)).diagnostics.filter((d) => d.severity === 'error');
}

describe('validateArticle: text fields are published as written, minus what no feed carries', () => {
  it('cleans and trims every text field once, before any format sees it', () => {
    const { article } = validateArticle(
      source(
        {
          ...base,
          title: ' \u0001A & B <c> ]]> &amp; \u0085\uFFFE ',
          dek: 'Dek\u0000 with \uD800 a lone surrogate',
          authors: [' Ann\u0007 ', { name: 'Bo\u001F', url: 'https://example.org/staff/bo' }],
          section: '\u000BAsia',
          tags: ['North\u0000 Korea', ' 👩‍👩‍👧 '],
          image: { src: 'images/a.jpg', alt: 'alt\u0008', caption: 'cap\uFFFF', credit: '© \u0002Agency' },
          corrections: [{ date: '2018-06-14T10:00:00Z', text: 'fixed\u0000 ' }],
        },
        'Body \u0000with\u0001 controls\u0085.\n',
      ),
    );
    expect(article).toMatchObject({
      title: 'A & B <c> ]]> &amp;',
      dek: 'Dek with  a lone surrogate',
      authors: [{ name: 'Ann' }, { name: 'Bo', url: 'https://example.org/staff/bo' }],
      section: 'Asia',
      tags: ['North Korea', '👩‍👩‍👧'],
      image: { source: '2018/images/a.jpg', alt: 'alt', caption: 'cap', credit: '© Agency' },
      corrections: [{ text: 'fixed' }],
      body: 'Body with controls.\n',
    });
  });

  it.each([
    [
      'a title made only of control characters',
      { title: '\u0000\u0001 \u0085' },
      'title',
      'expected a non-empty string but received',
    ],
    ['a tag made only of white space', { tags: ['ok', ' \t '] }, 'tags.1', 'expected a tag but received'],
    [
      'an empty caption',
      { image: { src: 'a.jpg', alt: 'x', caption: '' } },
      'image.caption',
      'expected a caption but received an empty string',
    ],
    [
      'an alt text missing',
      { image: { src: 'a.jpg' } },
      'image.alt',
      'expected a non-empty alt text but received nothing',
    ],
    [
      'a javascript: author URL',
      { authors: [{ name: 'A', url: 'javascript:alert(1)' }] },
      'authors.0.url',
      'expected an absolute http(s) URL but received "javascript:alert(1)"',
    ],
    [
      'a data: author URL',
      { authors: ['B', { name: 'A', url: 'data:text/html,x' }] },
      'authors.1.url',
      'expected an absolute http(s) URL',
    ],
    [
      'an author that is a number',
      { authors: [42] },
      'authors.0',
      'expected an author name or a mapping with name, email and url but received 42 of type number',
    ],
    [
      'an author without a name',
      { authors: [{ url: 'https://example.org/' }] },
      'authors.0.name',
      'expected a non-empty author name but received nothing',
    ],
    [
      'an id with spaces (not an Atom IRI)',
      { id: 'tag:example.org,2018:a b' },
      'id',
      'expected an absolute IRI without spaces as id',
    ],
    ['an id without a scheme', { id: 'summit-2018' }, 'id', 'expected an absolute IRI without spaces as id'],
    ['an id with markup', { id: 'tag:example.org,2018:<x>' }, 'id', 'expected an absolute IRI without spaces as id'],
    [
      'a correction dated before publication',
      { corrections: [{ date: '2018-06-11', text: 'x' }] },
      'corrections.0.date',
      'expected a correction dated at or after published (2018-06-12T09:30:00+08:00) but received "2018-06-11"',
    ],
    [
      'updated: before published',
      { updated: '2018-06-01T00:00:00Z' },
      'updated',
      'expected a time at or after published (2018-06-12T09:30:00+08:00) but received "2018-06-01T00:00:00Z"',
    ],
    [
      'an impossible date',
      { published: '2018-02-30' },
      'published',
      'expected a real calendar date (2018-02 has 28 days) but received "2018-02-30"',
    ],
    [
      'a date in year 10000',
      { published: '10000-01-01' },
      'published',
      'expected a date in the years 0001 to 9999 (UTC)',
    ],
    ['a date as a YAML number', { published: 2018 }, 'published', 'but received 2018 of type number'],
    [
      'a remote lead image',
      { image: { src: 'https://cdn.example/lead.jpg', alt: 'x' } },
      'image.src',
      'expected a local image file, relative to the article file',
    ],
    [
      'a lead image leaving articles/',
      { image: { src: '../../etc/passwd', alt: 'x' } },
      'image.src',
      'expected a path that stays inside the articles folder',
    ],
  ])('%s', (_name, override, key, message) => {
    const found = errors({ ...base, ...override });
    expect(found.map((d) => d.key)).toContain(key);
    const diagnostic = found.find((d) => d.key === key);
    expect(diagnostic?.message).toContain(message);
    expect(diagnostic?.file).toBe('articles/2018/summit.md');
    expect(diagnostic?.line).toEqual(expect.any(Number));
  });

  it('normalizes an author URL and keeps an e-mail address', () => {
    const { article } = validateArticle(
      source({ ...base, authors: [{ name: 'A', email: ' a@example.org ', url: 'https://example.org/a b' }] }),
    );
    expect(article?.authors).toEqual([{ name: 'A', email: 'a@example.org', url: 'https://example.org/a%20b' }]);
  });

  it('refuses a file name that gives no slug, unless slug: is set', () => {
    const refused = validateArticle(source(base, 'Body', '2018/日本.md'));
    expect(refused.diagnostics.find((d) => d.key === 'slug')?.message).toContain(
      'expected a slug (the file name gives none',
    );
    expect(validateArticle(source({ ...base, slug: 'nihon' }, 'Body', '2018/日本.md')).article?.slug).toBe('nihon');
  });
});

describe('resolveArticleAsset: image paths stay inside articles/', () => {
  it.each([
    ['a sibling file', '2018/summit.md', 'images/a.jpg', '2018/images/a.jpg'],
    ['./ prefix', '2018/summit.md', './a.jpg', '2018/a.jpg'],
    ['up one level, still inside', '2018/summit.md', '../shared/a.jpg', 'shared/a.jpg'],
    ['%-escapes are decoded once', '2018/summit.md', 'images/a%20b.jpg', '2018/images/a b.jpg'],
    ['a query and a fragment are not part of the file name', '2018/summit.md', 'a.jpg?v=2#top', '2018/a.jpg'],
    ['%252e is a literal "%2e" folder, not ".."', '2018/summit.md', '%252e%252e/a.jpg', '2018/%2e%2e/a.jpg'],
  ])('accepts %s', (_name, article, reference, expected) => {
    expect(resolveArticleAsset(article, reference)).toEqual({ ok: true, path: expected });
  });

  it.each([
    [
      '../ out of the folder',
      '2018/summit.md',
      '../../secret.jpg',
      'expected a path that stays inside the articles folder',
    ],
    [
      '../ hidden in the middle',
      '2018/summit.md',
      'images/../../../secret.jpg',
      'expected a path that stays inside the articles folder',
    ],
    [
      'URL-encoded ..',
      '2018/summit.md',
      '%2e%2e/%2e%2e/secret.jpg',
      'expected a path that stays inside the articles folder',
    ],
    [
      'URL-encoded slashes',
      '2018/summit.md',
      '..%2f..%2fsecret.jpg',
      'expected a path that stays inside the articles folder',
    ],
    ['backslashes', '2018/summit.md', '..\\..\\secret.jpg', 'expected a path that stays inside the articles folder'],
    [
      'an absolute path',
      '2018/summit.md',
      '/etc/passwd',
      'expected a path relative to the article file, not an absolute path',
    ],
    ['an encoded absolute path', '2018/summit.md', '%2Fetc%2Fpasswd', 'not an absolute path'],
    ['a Windows drive', '2018/summit.md', 'C:\\secret.jpg', 'expected a local image file'],
    ['a UNC path', '2018/summit.md', '\\\\server\\share\\a.jpg', 'not an absolute path'],
    [
      'an https URL',
      '2018/summit.md',
      'https://cdn.example/a.jpg',
      'expected a local image file, relative to the article file',
    ],
    ['a protocol-relative URL', '2018/summit.md', '//cdn.example/a.jpg', 'expected a local image file'],
    ['a data: URL', '2018/summit.md', 'data:image/png;base64,AAAA', 'expected a local image file'],
    ['a file: URL', '2018/summit.md', 'file:///etc/passwd', 'expected a local image file'],
    ['a NUL byte', '2018/summit.md', 'a%00.jpg', 'expected a path without control characters'],
    ['a broken %-escape', '2018/summit.md', 'a%zz.jpg', 'expected a path without broken %-escapes'],
    ['a folder', '2018/summit.md', 'images/', 'expected the path of an image file'],
    ['nothing', '2018/summit.md', '.', 'expected the path of an image file'],
  ])('refuses %s', (_name, article, reference, reason) => {
    const result = resolveArticleAsset(article, reference);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('lineInBody', () => {
  it('gives the file line of the first place a reference is written, counting LF, CRLF and CR', () => {
    const body = 'Intro\r\n\r\nText\n![x](images/a.jpg)\rmore';
    expect(lineInBody(body, 10, 'images/a.jpg')).toBe(13);
    expect(lineInBody(body, 10, 'more')).toBe(14);
    expect(lineInBody(body, 10, 'not there')).toBe(10);
  });
});
