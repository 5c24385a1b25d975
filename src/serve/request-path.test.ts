import { describe, expect, it } from 'vitest';
import { resolveRequestPath } from './request-path.js';

describe('resolveRequestPath', () => {
  it.each([
    ['/', [], true],
    ['/rss.xml', ['rss.xml'], false],
    ['/rss.xml?utm_source=x#top', ['rss.xml'], false],
    ['/images/a%20b.jpg', ['images', 'a b.jpg'], false],
    ['/sections/asia/', ['sections', 'asia'], true],
  ])('%s is inside out/', (target, segments, folder) => {
    expect(resolveRequestPath(target)).toEqual({ ok: true, segments, folder });
  });

  it.each([
    ['/../secret.txt', 403],
    ['/images/../../secret.txt', 403],
    ['/%2e%2e/secret.txt', 403],
    ['/%2E%2E/%2e%2e/etc/passwd', 403],
    ['/..%2fsecret.txt', 403],
    ['/images%2f..%2f..%2fsecret.txt', 403],
    ['/..%5csecret.txt', 403],
    ['/rss.xml%00.jpg', 403],
    ['/./rss.xml', 403],
    ['//etc/passwd', 403],
    ['/.presswire-tmp-1', 404],
    ['/images/.hidden.jpg', 404],
    ['/%E0%A4%A', 400],
    ['rss.xml', 400],
    ['http://evil.example/rss.xml', 400],
  ])('%s is refused with %i', (target, status) => {
    const result = resolveRequestPath(target);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(status);
  });
});
