import { describe, expect, it } from 'vitest';
import { resolveArticleAsset } from '../validate/article.js';
import { staticPath } from './site-root.js';

describe('site-root image paths', () => {
  it.each([
    ['a site-root path', 'news/a.md', '/assets/img/x.jpg', { ok: true, path: '/assets/img/x.jpg' }],
    ['dot segments inside stay inside', 'news/a.md', '/assets/../images/x.png', { ok: true, path: '/images/x.png' }],
    ['a %-escaped name', 'a.md', '/images/my%20photo.jpg', { ok: true, path: '/images/my photo.jpg' }],
    ['query and fragment are not the file', 'a.md', '/images/x.png?v=2#top', { ok: true, path: '/images/x.png' }],
    [
      '.. out of the static folder',
      'a.md',
      '/../secret.jpg',
      { ok: false, reason: 'expected a site-root path that stays inside the static folder' },
    ],
    [
      '%2e%2e out of the static folder',
      'a.md',
      '/images/%2e%2e/%2e%2e/x.jpg',
      { ok: false, reason: 'expected a site-root path that stays inside the static folder' },
    ],
    ['a folder is no image', 'a.md', '/images/', { ok: false, reason: 'expected the path of an image file' }],
    ['relative to the article still works', 'news/a.md', 'images/x.jpg', { ok: true, path: 'news/images/x.jpg' }],
    [
      'protocol-relative is remote',
      'a.md',
      '//cdn.example/x.jpg',
      { ok: false, reason: expect.stringMatching(/^expected a local image file/) },
    ],
  ])('%s', (_name, article, reference, expected) => {
    expect(resolveArticleAsset(article, reference, true)).toEqual(expected);
  });

  it('without a static folder a site-root path is refused as before', () => {
    expect(resolveArticleAsset('a.md', '/etc/passwd')).toEqual({
      ok: false,
      reason: 'expected a path relative to the article file, not an absolute path',
    });
  });

  it.each([
    ['a site at the root', '/images/x.png', 'https://example.org/', 'images/x.png'],
    ['the site path is not part of the file path', '/blog/images/x.png', 'https://example.org/blog/', 'images/x.png'],
    ['a path outside the site path is kept', '/images/x.png', 'https://example.org/blog/', 'images/x.png'],
    ['a prefix that is not a folder is kept', '/blogroll/x.png', 'https://example.org/blog/', 'blogroll/x.png'],
  ])('staticPath: %s', (_name, source, siteUrl, expected) => {
    expect(staticPath(source, siteUrl)).toBe(expected);
  });
});
