import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { Article, ImageRenditions } from '../model.js';
import { articleContentHtml } from './article-html.js';
import { imageUseKey, leadImageRights } from '../images/rights.js';

/**
 * The corrections block and the lead figure are built outside the sanitizer, from text the
 * article supplies: hostile captions, credits, alt texts and correction texts must come out
 * as text, never as markup.
 */

const HOSTILE = `</span></figcaption><script>alert(1)</script><img src=x onerror=alert(2)> " onmouseover="alert(3) ' &amp; &lt;b&gt; ]]> 👩‍👩‍👧 \u202Eטקסט`;

const image: ImageRenditions = {
  source: '2018/images/a.jpg',
  width: 1600,
  height: 900,
  renditions: [
    {
      url: 'https://news.example/images/k-960.jpg',
      width: 960,
      height: 540,
      format: 'jpeg',
      mimeType: 'image/jpeg',
      bytes: 9600,
    },
    {
      url: 'https://news.example/images/k-960.webp',
      width: 960,
      height: 540,
      format: 'webp',
      mimeType: 'image/webp',
      bytes: 7000,
    },
  ],
};

const article: Article = {
  sourcePath: '2018/summit.md',
  title: 'T',
  published: Date.parse('2018-06-12T00:00:00Z'),
  slug: 'summit',
  authors: [],
  tags: [],
  image: { source: '2018/images/a.jpg', alt: HOSTILE, caption: HOSTILE, credit: HOSTILE },
  corrections: [{ date: Date.parse('2018-06-14T10:00:00Z'), text: HOSTILE }],
  status: 'published',
  body: '',
};

interface Node {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

function parse(html: string): Node[] {
  const nodes: Node[] = [];
  const open: Node[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const node = { name, attributes, text: '' };
        nodes.push(node);
        open.push(node);
      },
      ontext(text) {
        for (const node of open) node.text += text;
      },
      onclosetag() {
        open.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return nodes;
}

describe('articleContentHtml: the blocks built from article text', () => {
  const html = articleContentHtml(
    article,
    '',
    'https://news.example/news/2018/06/summit/',
    // Keyed by the lead image's use (its path and what the article declares about its rights).
    new Map([[imageUseKey(image.source, leadImageRights({ caption: HOSTILE, credit: HOSTILE })), image]]),
    '100vw',
  );
  const nodes = parse(html);

  it('has only the elements it builds itself', () => {
    expect(nodes.map((n) => n.name)).toEqual([
      'aside',
      'h2',
      'ol',
      'li',
      'time',
      'figure',
      'picture',
      'source',
      'img',
      'figcaption',
      'span',
      'span',
    ]);
    expect(nodes.flatMap((n) => Object.keys(n.attributes)).filter((a) => a.startsWith('on'))).toEqual([]);
  });

  it('carries each hostile text exactly, as text', () => {
    const byClass = (cls: string) => nodes.find((n) => n.attributes['class'] === cls);
    expect(byClass('caption')?.text).toBe(HOSTILE);
    expect(byClass('credit')?.text).toBe(HOSTILE);
    expect(nodes.find((n) => n.name === 'img')?.attributes['alt']).toBe(HOSTILE);
    expect(byClass('correction')?.text).toBe(`14 June 2018 ${HOSTILE}`);
  });
});
