import { describe, expect, it } from 'vitest';
import { articleUrl, entryId } from './identity.js';
import { jekyllPostId } from './permalink.js';

const SITE = 'https://blog.example.org/';
// 2015-06-02T03:30Z is still 1 June on New York's clocks.
const post = {
  published: Date.parse('2015-06-02T03:30:00Z'),
  slug: 'budget-vote',
  title: 'Budget Vote Passes',
  categories: ['City Hall', 'budget'],
  sourcePath: 'posts/2015-06-01-budget-vote.md',
};

describe('articleUrl with Jekyll and Hugo patterns (feeds.articlePath, permalink)', () => {
  it.each([
    ['Jekyll "date" style', 'date', 'https://blog.example.org/city%20hall/budget/2015/06/01/budget-vote.html'],
    ['Jekyll "pretty" style', 'pretty', 'https://blog.example.org/city%20hall/budget/2015/06/01/budget-vote/'],
    ['Jekyll placeholders', '/:year/:i_month/:i_day/:title/', 'https://blog.example.org/2015/6/1/budget-vote/'],
    [
      'Hugo :title is the urlized title',
      '/:year/:month/:title/',
      'https://blog.example.org/2015/06/budget-vote-passes/',
    ],
    ['Hugo :section is the content folder', '/:section/:slug/', 'https://blog.example.org/posts/budget-vote/'],
    [
      'presswire braces stay in UTC',
      'news/{yyyy}/{mm}/{dd}/{slug}/',
      'https://blog.example.org/news/2015/06/02/budget-vote/',
    ],
  ])('%s', (_name, pattern, expected) => {
    const titleIsSlug = !pattern.includes(':title/') || pattern.includes(':i_day');
    expect(articleUrl(post, SITE, pattern, { timeZone: 'America/New_York', titleIsSlug })).toBe(expected);
  });

  it("puts a post's own permalink under the site URL (which holds Jekyll's baseurl)", () => {
    const url = articleUrl({ ...post, permalink: '/custom/:title/' }, 'https://x.example/blog/', 'date', {});
    expect(url).toBe('https://x.example/blog/custom/budget-vote/');
  });
});

describe('entry ids (ids.scheme)', () => {
  const url = 'https://blog.example.org/news/2015/06/01/budget-vote.html';
  it.each([
    ['tag', 'tag:blog.example.org,2015-06-02:budget-vote'],
    ['url', url],
    ['jekyll', 'https://blog.example.org/news/2015/06/01/budget-vote'],
  ] as const)('%s', (scheme, expected) => {
    expect(entryId({ published: post.published, slug: post.slug }, SITE, scheme, url)).toBe(expected);
  });

  it('an explicit id wins over every scheme', () => {
    expect(entryId({ id: 'urn:x:1', published: 0, slug: 's' }, SITE, 'url', url)).toBe('urn:x:1');
  });

  it("jekyll: the URL's folder and the slug, whatever the URL ends with", () => {
    expect(jekyllPostId('https://x.example/2014/03/12/welcome/', 'welcome')).toBe(
      'https://x.example/2014/03/12/welcome',
    );
    expect(jekyllPostId('https://x.example/custom/page.html', 'welcome')).toBe('https://x.example/custom/welcome');
  });
});
