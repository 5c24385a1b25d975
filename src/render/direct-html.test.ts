import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleText } from '../../bench/articles-corpus.js';
import { hugoText } from '../../bench/hugo-corpus.js';
import { directArticleHtml } from './direct-html.js';
import { markdownToHtml, markdownTokens } from './markdown.js';
import { sanitizeArticleHtml } from './sanitize.js';

/**
 * The direct path (direct-html.ts) must publish byte for byte what the sanitizer's path
 * publishes for every body it accepts: a body it cannot reproduce exactly must be refused
 * (undefined), never rendered differently.
 */

const ARTICLE_URLS = ['https://news.example/news/2018/06/summit/', 'http://local.example/a/b'];

function sanitizerPath(markdown: string, articleUrl: string): string {
  return sanitizeArticleHtml(markdownToHtml(markdown), { articleUrl, sizes: '' });
}

function directPath(markdown: string, articleUrl: string): string | undefined {
  return directArticleHtml(markdownTokens(markdown), articleUrl);
}

/** Compares both paths; returns whether the direct one accepted the body. */
function expectSameBytes(markdown: string, articleUrl = ARTICLE_URLS[0] as string): boolean {
  const direct = directPath(markdown, articleUrl);
  if (direct === undefined) return false;
  expect(direct).toBe(sanitizerPath(markdown, articleUrl));
  return true;
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const words = pick(
  'water',
  'court',
  'Ministry',
  'café',
  'naïve',
  'Ελληνικά',
  '東京',
  'שלום',
  'مرحبا',
  '🎉',
  'e\u0301',
  'zero\u200dwidth',
  'AT&T',
  'R&D;',
  '"quoted"',
  "it's",
  '5 > 3',
  'a < b',
  '3<4',
  'x|y',
  'snake_case_word',
  'a*b',
  '~tilde',
  'back\\slash',
  '$100',
  '100%',
  '(parens)',
  '[brackets]',
  '{braces}',
  ']]>',
  '--',
  '#hash',
  '!bang',
);
const entities = pick(
  '&copy;',
  '&amp;',
  '&#39;',
  '&#169;',
  '&#x27;',
  '&#xA9;',
  '&quot;',
  '&lt;',
  '&gt;',
  '&nbsp;',
  '&mdash;',
  '&bogus;',
  '&#0;',
  '&#38;',
  '&#60;',
  '&copy',
  '& ',
  '&amp',
  '&QUOT;',
);
const schemes = pick(
  'https://example.org/a?b=1&c=2#f',
  'http://example.org/',
  'HTTP://EXAMPLE.ORG/Up',
  'mailto:desk@example.org',
  'tel:+15551234',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html;base64,PHN',
  'vbscript:msgbox(1)',
  'ftp://files.example/x',
  '../other/',
  '/about/',
  'other/page.html',
  '#section-2',
  '?page=2&x=%20',
  '//cdn.example/x',
  '',
  'https://example.org/caf%C3%A9',
  'https://example.org/café/ü',
  'https://example.org/a&copy;b',
  'https://example.org/a&amp;b',
  "https://example.org/it's",
  'https://exa mple.org/',
  'https://[::1]/',
  'http://%zz/',
  'a\\b',
  'https://example.org/\ud800',
);
const imageSources = pick(
  'images/a.jpg',
  '../2018/photo.png',
  '/images/site-root.jpg',
  'https://cdn.example/x.jpg',
  'http://cdn.example/y.png?w=1&h=2',
  '//cdn.example/z.jpg',
  'data:image/png;base64,iVBOR',
  'javascript:alert(1)',
  'mailto:a@b.c',
  'tel:123',
  '#frag',
  '',
  'a b.jpg',
  'images/a&amp;b.jpg',
  'images/a&copy;b.jpg',
  'caf\u00e9.jpg',
);
const titles = pick('', 'T', 'A "quoted" title', "it's", 'pipe | title', 'AT&T', 'x &copy; y', '<b>', 'x &amp; y');

const quotedTitle = titles.map((title) => (title === '' ? '' : ` "${title.replace(/"/g, '\\"')}"`));

const link = fc
  .tuple(words, schemes, quotedTitle)
  .map(([text, url, title]) => `[${text}](${/[\s<>]/.test(url) ? `<${url}>` : url}${title})`);
const image = fc
  .tuple(fc.oneof(words, pick('', 'alt *em* `code`', 'A "quoted" <alt>')), imageSources, quotedTitle)
  .map(([alt, src, title]) => `![${alt}](${/[\s<>]/.test(src) ? `<${src}>` : src}${title})`);
const autolink = pick(
  '<https://example.org/auto?a=1&b=2>',
  '<mailto:desk@example.org>',
  '<desk@example.org>',
  'https://example.org/bare',
  'www.example.org/www',
  'desk@example.org',
  '<http://a.example/&copy;>',
);
const code = fc
  .tuple(pick('', '<script>', 'a & b', '&amp; &copy;', "'q'", '"d"', 'x`y'), words)
  .map(([inside, word]) => `\`${inside}${word}\``);
const escape = pick('\\*', '\\<', '\\&', '\\\\', '\\_', '\\[', '\\|', '\\#');
const reference = pick('[ref link][ref]', '[ref]', '![ref image][img]');

const inline: fc.Arbitrary<string> = fc.letrec<{ piece: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    words,
    words,
    entities,
    link,
    image,
    autolink,
    code,
    escape,
    reference,
    fc
      .tuple(pick('*', '_', '**', '__', '~~', '~', '***'), tie('piece'))
      .map(([marker, inner]) => `${marker}${inner}${marker}`),
    fc.tuple(tie('piece'), pick('  \n', '\\\n', '\n')).map(([text, br]) => `${text}${br}next`),
  ),
})).piece;

const line = fc.array(inline, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(' '));

const codeBlock = fc
  .tuple(
    pick('```', '~~~'),
    pick('', 'js', 'html', 'c++', 'x"y', 'a b'),
    fc.array(fc.oneof(words, entities, code), { maxLength: 4 }),
  )
  .map(([fence, lang, lines]) => `${fence}${lang}\n${lines.join('\n')}\n<div>raw?</div>\n${fence}`);
const indentedCode = fc
  .array(words, { minLength: 1, maxLength: 3 })
  .map((lines) => lines.map((l) => `    ${l}`).join('\n'));
const heading = fc
  .tuple(fc.integer({ min: 1, max: 6 }), line)
  .map(([depth, text]) => `${'#'.repeat(depth)} ${text.replace(/\n/g, ' ')}`);
const setext = fc.tuple(words, pick('===', '---')).map(([text, underline]) => `${text}\n${underline}`);
const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(inline, { minLength: 4, maxLength: 4 }), { maxLength: 3 }))
  .chain(([columns, rows]) =>
    fc.array(pick('---', ':---', ':---:', '---:'), { minLength: columns, maxLength: columns }).map((aligns) => {
      const cells = (row: string[]) =>
        `| ${row
          .slice(0, columns)
          .map((c) => c.replace(/\n/g, ' '))
          .join(' | ')} |`;
      const header = cells(Array.from({ length: columns }, (_, k) => `Head ${k}`));
      return [header, `|${aligns.join('|')}|`, ...rows.map(cells)].join('\n');
    }),
  );
const definitions = pick(
  '[ref]: https://example.org/ref "Ref title"',
  '[ref]: javascript:alert(1)',
  '[img]: images/ref.jpg',
  "[img]: https://cdn.example/ref.png 'x'",
);

const block: fc.Arbitrary<string> = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    line,
    line,
    heading,
    setext,
    codeBlock,
    indentedCode,
    table,
    definitions,
    pick('---', '***', '___'),
    fc
      .tuple(
        pick('- ', '* ', '+ ', '1. ', '3) '),
        pick('', '[ ] ', '[x] ', '[X] '),
        fc.array(tie('block'), { minLength: 1, maxLength: 3 }),
        pick('\n', '\n\n'),
      )
      .map(([marker, task, items, gap]) =>
        items.map((item) => `${marker}${task}${item.replace(/\n/g, `\n${' '.repeat(marker.length)}`)}`).join(gap),
      ),
    fc.tuple(tie('block'), pick('> ', '>')).map(([inner, marker]) =>
      inner
        .split('\n')
        .map((l) => `${marker}${l}`)
        .join('\n'),
    ),
  ),
})).block;

const markdown = fc.array(block, { minLength: 1, maxLength: 8 }).map((blocks) => blocks.join('\n\n') + '\n');

describe('the direct path writes what the sanitizer would', () => {
  it('for generated Markdown without raw HTML, byte for byte (or it refuses the body)', () => {
    let accepted = 0;
    const runs = 3000;
    fc.assert(
      fc.property(markdown, fc.constantFrom(...ARTICLE_URLS), (body, url) => {
        if (expectSameBytes(body, url)) accepted += 1;
      }),
      { numRuns: runs, seed: 19_2026 },
    );
    // The property must not hold by refusing everything: most generated bodies take the path.
    expect(accepted).toBeGreaterThan(runs / 3);
  });

  it.each([
    [
      'headings h1 to h6 (h1 is not on the allow-list)',
      '# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n',
    ],
    ['a table with alignment', '| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | `3` |\n'],
    ['a code block with a language', '```js\nconst a = "<b>" && \'x\';\n```\n'],
    ['task lists', '- [ ] open\n- [x] done\n\n1. [X] loose\n\n2. item\n'],
    ['nested lists and quotes', '> - a\n>   - b\n>     > c\n>\n> 1. d\n'],
    [
      'links of every scheme',
      '[a](javascript:x) [b](data:x) [c](../y) [d](//cdn.example/z) [e](mailto:a@b.c "T|\'q\'")\n',
    ],
    ['images local and remote', '![a](images/a.jpg "Cap | Credit") ![b](https://cdn.example/b.jpg) ![c](data:x)\n'],
    ['autolinks and hard breaks', '<https://example.org/?a=1&b=2> www.example.org  \nnext\\\nline\n'],
    ['marked\u2019s own escapes', 'AT&T say "it\'s 5 > 3 < 4"\n'],
  ])('%s', (_name, body) => {
    for (const url of ARTICLE_URLS) expect(expectSameBytes(body, url)).toBe(true);
  });

  it.each([
    ['raw block HTML', '<div>x</div>\n'],
    ['raw inline HTML', 'a <b>b</b> c\n'],
    ['a named character reference', 'caf&eacute; &copy; 2026\n'],
    ['a raw tag inside an image description', '![a <b>c</b>](x.jpg)\n'],
  ])('refuses %s (the sanitizer renders it)', (_name, body) => {
    expect(directPath(body, ARTICLE_URLS[0] as string)).toBeUndefined();
  });
});

describe('every corpus the tests have renders the same on both paths', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const markdownFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? markdownFiles(file) : /\.(md|markdown)$/.test(name) ? [file] : [];
    });
  /** The body after front matter of any dialect (a rough split is enough: both paths get the same text). */
  const bodyOf = (text: string): string =>
    text.replace(/^(---|\+\+\+)\r?\n[\s\S]*?\r?\n\1[ \t]*\r?\n/, '').replace(/^\{[\s\S]*?\n\}\r?\n/, '');

  it('the example newsroom and the adoption fixtures', () => {
    const files = [...markdownFiles(path.join(root, 'articles')), ...markdownFiles(path.join(root, 'test/fixtures'))];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expectSameBytes(bodyOf(readFileSync(file, 'utf8')));
  });

  it('the benchmark corpora (presswire and Hugo conventions), 600 articles each', () => {
    let accepted = 0;
    for (let i = 0; i < 600; i++) {
      if (expectSameBytes(bodyOf(articleText(i)))) accepted += 1;
      if (expectSameBytes(bodyOf(hugoText(i)), ARTICLE_URLS[1])) accepted += 1;
    }
    expect(accepted).toBe(1200);
  });
});
