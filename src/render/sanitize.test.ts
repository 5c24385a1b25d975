import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { ImageRenditions } from '../model.js';
import { renderBody } from './body.js';
import { sanitizeArticleHtml } from './sanitize.js';

const ARTICLE_URL = 'https://news.example/news/2018/06/summit/';

function body(markdown: string): string {
  const result = renderBody(markdown, ARTICLE_URL);
  if (!result.ok) throw new Error(result.reason);
  return result.html;
}

/** Every element and attribute of some HTML, as an independent parser (htmlparser2) reads it. */
function elements(html: string): { name: string; attributes: Record<string, string> }[] {
  const found: { name: string; attributes: Record<string, string> }[] = [];
  const parser = new Parser(
    { onopentag: (name, attributes) => found.push({ name, attributes }) },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

const SAFE_URL = /^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:[^\s]+)$/;

/** What must hold of any sanitized body, whatever went in. */
function expectSafe(html: string): void {
  for (const { name, attributes } of elements(html)) {
    expect([
      'script',
      'style',
      'iframe',
      'object',
      'embed',
      'form',
      'input',
      'button',
      'base',
      'meta',
      'link',
      'svg',
      'math',
      'template',
      'textarea',
      'noscript',
      'frame',
      'frameset',
      'video',
      'audio',
      'source',
      'details',
    ]).not.toContain(name);
    for (const [attribute, value] of Object.entries(attributes)) {
      expect(attribute).not.toMatch(/^on|^style$|^class$|^id$|^srcdoc$|^formaction$|^background$|^xlink:href$/i);
      if (
        ['href', 'src', 'cite'].includes(attribute) &&
        !(name === 'img' && attribute === 'src' && !value.includes(':'))
      ) {
        expect(value).toMatch(SAFE_URL);
      }
    }
  }
}

describe('raw HTML in Markdown goes through one allow-list', () => {
  it.each([
    ['script', '<script>alert(1)</script>', ''],
    ['script inside a paragraph', 'a<script>alert(1)</script>b', '<p>ab</p>\n'],
    ['script with a protocol-relative src', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>', ''],
    ['style', '<style>body{display:none}</style>', ''],
    ['iframe', '<iframe src="https://evil.example/"></iframe>', ''],
    ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', ''],
    ['object', '<object data="x.swf"><param name=a value=b></object>', '<p></p>\n'],
    ['embed', '<embed src="x.swf">', ''],
    [
      'form, input and button (the label text stays)',
      '<form action="https://evil.example/"><input name="q"><button>Go</button></form>',
      'Go',
    ],
    ['on* event handlers', '<p onclick="alert(1)" onmouseover=alert(2)>text</p>', '<p>text</p>'],
    [
      'onerror on a remote image',
      '<img src="https://cdn.example/a.jpg" onerror="alert(1)">',
      '<img src="https://cdn.example/a.jpg" alt="" loading="lazy" decoding="async" />',
    ],
    ['javascript: link', '<a href="javascript:alert(1)">x</a>', '<p><a>x</a></p>\n'],
    ['javascript: in mixed case', '<a href="JaVaScRiPt:alert(1)">x</a>', '<p><a>x</a></p>\n'],
    ['javascript: split by an encoded tab', '<a href="java&#x09;script:alert(1)">x</a>', '<p><a>x</a></p>\n'],
    ['javascript: with an encoded first letter', '<a href="&#x6A;avascript:alert(1)">x</a>', '<p><a>x</a></p>\n'],
    ['vbscript: link', '<a href="vbscript:msgbox(1)">x</a>', '<p><a>x</a></p>\n'],
    ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', '<p><a>x</a></p>\n'],
    [
      'data: image (refused too: it cannot be measured or cached)',
      '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
      '',
    ],
    ['SVG with script', '<svg><script>alert(1)</script></svg>', '<p></p>\n'],
    ['SVG with onload', '<svg onload="alert(1)"><circle r="1"/></svg>', '<p></p>\n'],
    [
      'MathML with a javascript: link',
      '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
      '<p></p>\n',
    ],
    ['base', '<base href="https://evil.example/">', ''],
    ['meta http-equiv refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">', ''],
    ['link rel=stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">', ''],
    ['a tag split by a nested script', '<scr<script>ipt>alert(1)</script>', '<p>&lt;scr</p>\n'],
    ['a doubled opener around script', '<<script>script>alert(1)<</script>/script>', '<p>&lt;/script&gt;</p>\n'],
    [
      'markup hidden in a noscript attribute',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
      '<p></p>\n',
    ],
    ['script inside textarea', '<textarea><script>alert(1)</script></textarea>', ''],
    ['script inside template', '<template><script>alert(1)</script></template>', '<p></p>\n'],
    ['a comment that closes early', '<!--><script>alert(1)</script>-->', '--&gt;'],
    [
      'style, class and id (a body cannot pose as the corrections block)',
      '<p style="position:fixed" class="corrections" id="x">text</p>',
      '<p>text</p>',
    ],
    [
      'a quote breaking out of a title attribute',
      `<a title='x" onmouseover="alert(1)' href="https://x.org/">t</a>`,
      '<p><a title="x&quot; onmouseover=&quot;alert(1)" href="https://x.org/">t</a></p>\n',
    ],
    ['target=_blank', '<a href="https://x.org/" target="_blank">t</a>', '<p><a href="https://x.org/">t</a></p>\n'],
    ['details ontoggle', '<details open ontoggle=alert(1)>x</details>', 'x'],
    ['video source onerror', '<video><source onerror="alert(1)"></video>', '<p></p>\n'],
    [
      'a javascript: table background',
      '<table background="javascript:alert(1)"><tr><td>c</td></tr></table>',
      '<table><tr><td>c</td></tr></table>',
    ],
    ['a javascript: cite', '<blockquote cite="javascript:alert(1)">q</blockquote>', '<blockquote>q</blockquote>'],
    [
      'escaped markup stays text',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    ],
    [']]> in text', 'a ]]> b', '<p>a ]]&gt; b</p>\n'],
  ])('%s', (_name, markdown, expected) => {
    const html = body(markdown);
    expect(html).toBe(expected);
    expectSafe(html);
  });
});

describe('links keep working: every kind comes out absolute and correct', () => {
  it.each([
    ['relative', '[r](other/)', 'https://news.example/news/2018/06/summit/other/'],
    ['relative, up a level', '[up](../other/)', 'https://news.example/news/2018/06/other/'],
    ['root-relative', '[root](/about/)', 'https://news.example/about/'],
    ['fragment-only', '[frag](#section-2)', 'https://news.example/news/2018/06/summit/#section-2'],
    ['query-only', '[query](?page=2)', 'https://news.example/news/2018/06/summit/?page=2'],
    ["protocol-relative (takes the article's https)", '[pr](//cdn.example/x)', 'https://cdn.example/x'],
    ['absolute with a query', '[abs](https://example.org/a?b=1&c=2)', 'https://example.org/a?b=1&c=2'],
    ['absolute http', '[http](http://example.org/)', 'http://example.org/'],
    ['mailto', '[mail](mailto:desk@example.org)', 'mailto:desk@example.org'],
    ['tel', '[tel](tel:+15551234)', 'tel:+15551234'],
    ['an autolink', '<https://example.org/auto>', 'https://example.org/auto'],
    ['a space in the path', '[sp](<a b.html>)', 'https://news.example/news/2018/06/summit/a%20b.html'],
    ['surrounding spaces', '[ws]( https://example.org/ws )', 'https://example.org/ws'],
    ['raw HTML, relative', '<a href="../x/?a=1&amp;b=2#c">h</a>', 'https://news.example/news/2018/06/x/?a=1&b=2#c'],
    ['raw HTML, protocol-relative', '<a href="//evil.example/x">pr</a>', 'https://evil.example/x'],
    ['a blockquote cite', '<blockquote cite="/sources/1">q</blockquote>', 'https://news.example/sources/1'],
  ])('%s', (_name, markdown, url) => {
    const html = body(markdown);
    const links = elements(html).flatMap(({ attributes }) =>
      [attributes['href'], attributes['cite']].filter((v) => v !== undefined),
    );
    expect(links).toEqual([url]);
    expectSafe(html);
  });
});

describe('images in the body', () => {
  const renditions: ImageRenditions = {
    source: '2018/images/a.jpg',
    width: 1600,
    height: 900,
    renditions: [480, 960, 1600].map((width) => ({
      url: `https://news.example/images/k-${width}.jpg`,
      width,
      height: (width * 9) / 16,
      format: 'jpeg' as const,
      mimeType: 'image/jpeg',
      bytes: width * 10,
    })),
  };
  const finalPass = (html: string) =>
    sanitizeArticleHtml(html, {
      articleUrl: ARTICLE_URL,
      sizes: '100vw',
      localImage: (reference) => (reference === 'images/a.jpg' ? renditions : undefined),
    });

  it('a local image becomes its renditions; the first pass keeps it as written for the images stage', () => {
    const first = body('![A "quoted" <alt>](images/a.jpg "T")');
    expect(first).toBe('<p><img src="images/a.jpg" alt="A &quot;quoted&quot; &lt;alt&gt;" title="T" /></p>\n');
    expect(finalPass(first)).toBe(
      '<p><img src="https://news.example/images/k-960.jpg" srcset="https://news.example/images/k-480.jpg 480w, https://news.example/images/k-960.jpg 960w, https://news.example/images/k-1600.jpg 1600w" sizes="100vw" width="960" height="540" alt="A &quot;quoted&quot; &lt;alt&gt;" title="T" loading="lazy" decoding="async" /></p>\n',
    );
  });

  it('a remote https image stays an external absolute URL, without renditions or invented sizes', () => {
    expect(
      finalPass(body('<img src="https://cdn.example/x.jpg" srcset="https://evil.example/y.jpg 2x" width="9999">')),
    ).toBe('<img src="https://cdn.example/x.jpg" alt="" loading="lazy" decoding="async" />');
  });

  it('an image with no usable source is dropped whole', () => {
    expect(finalPass(body('<img src="javascript:alert(1)" alt="x"><img src="images/unknown.jpg" alt="y">'))).toBe(
      '<p></p>\n',
    );
  });
});
