import { describe, expect, it } from 'vitest';
import { hashBytes, prepareArticle, type SiteSettings } from './prepare.js';

const site: SiteSettings = { url: 'https://news.example/', articlePath: '/:year/:slug/' };

function bodyHashOf(text: string): string | undefined {
  const bytes = new TextEncoder().encode(text);
  return prepareArticle(bytes, hashBytes(bytes), '2024/a.md', 'articles/2024/a.md', site).prepared.bodyHash;
}

const article = (body: string, newline = '\n') =>
  ['---', 'title: Flood defences fail', 'published: 2024-03-01', 'section: Europe', '---', body]
    .join('\n')
    .replace(/\n/g, newline);

describe('prepareArticle: the body hash (what an unannounced edit is told by)', () => {
  it('is the same whatever the line endings: a file saved with CRLF or CR is not an edit', () => {
    const body = 'The river rose overnight.\n\nResidents left before dawn.\n';
    const lf = bodyHashOf(article(body));
    expect(lf).toBe(hashBytes(body));
    expect(bodyHashOf(article(body, '\r\n'))).toBe(lf);
    expect(bodyHashOf(article(body, '\r'))).toBe(lf);
  });

  it('changes with a word of the body', () => {
    expect(bodyHashOf(article('The river rose overnight.\n'))).not.toBe(
      bodyHashOf(article('The river rose at night.\n')),
    );
  });
});
