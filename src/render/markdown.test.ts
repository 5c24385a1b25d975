import fc from 'fast-check';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { articleText } from '../../bench/articles-corpus.js';
import { hugoText } from '../../bench/hugo-corpus.js';
import {
  blockChecksInUse,
  markdownToHtml,
  markdownTokens,
  plainTextRuleInUse,
  simpleListsInUse,
  tokensToHtml,
} from './markdown.js';

/**
 * markdownTokens reads plain inline text with a shorter rule than marked's, and asks first
 * whether a setext heading or a table can start before running marked's rules for them
 * (markdown.ts): its tokens must be marked's own, token for token, for any body.
 */

/** marked as configured in markdown.ts, with its own lexer. */
const reference = new Marked({ gfm: true, breaks: false, async: false });

function expectSameTokens(body: string): void {
  expect(markdownTokens(body)).toEqual(reference.lexer(body));
  expect(tokensToHtml(markdownTokens(body))).toBe(markdownToHtml(body));
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const piece = pick(
  'word',
  'Court',
  'café',
  ' ',
  '  ',
  '\n',
  '  \n',
  '@',
  'desk@example.org',
  'a.b-c+d@example.co.uk',
  'me@',
  '@you',
  'mailto:desk@example.org',
  'mailto:x',
  'xmpp:room@conf.example',
  'MAILTO:x',
  'https://example.org/a',
  'http://x.example',
  'www.example.org',
  'ftp://files.example/',
  'HtTp',
  'xhttpx',
  'HTTPS://EXAMPLE.ORG',
  'WWW.example.org',
  'awww.b',
  '(www.example.org)',
  'FTP://files.example',
  'ftp:/x',
  '__',
  'a_b',
  '_',
  '~',
  '``',
  '\\',
  '<',
  '>',
  '&',
  ' \n',
  '   \n',
  '\t',
  '<desk@example.org>',
  '<https://example.org/>',
  '[link](https://example.org/ "t")',
  '[mail](mailto:a@b.c)',
  '![img](a.jpg)',
  '*em*',
  '**strong**',
  '_under_',
  'snake_case',
  '~~del~~',
  '`code @ x`',
  '\\*',
  '\\@',
  '<b>bold</b>',
  '&copy;',
  '&#64;',
  '!',
  '[',
  ']',
  '(',
  ')',
  '#',
  '.',
  ',',
  "'",
  '"',
  '~',
  '`',
  '\n=',
  '\n---',
  '\n  ==  ',
  '\n   -\t',
  '\n    ---',
  '\n-',
  '\n\n---',
  '\n \t\n===',
  '\n|---|',
  '\n :-: | -',
  '\n| a |',
  '|',
  ':-',
);

const line = fc.array(piece, { minLength: 1, maxLength: 16 }).map((pieces) => pieces.join(''));
const block = fc.oneof(
  line,
  line.map((text) => `# ${text}`),
  line.map((text) => `> ${text}`),
  line.map((text) => `- ${text}\n- ${text}`),
  line.map((text) => `| a | b |\n|---|---|\n| ${text.replace(/\n/g, ' ')} | x |`),
  line.map((text) => `${text}\n===`),
  line.map((text) => `${text}\n${text}\n  --- \t`),
  line.map((text) => `${text}\n\n---`),
  line.map((text) => `${text} | b\n :--| -: \n${text}`),
  line.map((text) => `- ${text}\n  ===\n- b`),
  line.map((text) => `> ${text}\n---`),
);
/**
 * Lists, the simple kind markdown.ts reads itself (one line per item, one bullet, a letter
 * first) and every near miss: another bullet, a digit, a space or a task box first, blank
 * lines between items, lazy and indented continuations, the same bullet after blank lines.
 */
const itemLine = fc
  .tuple(
    pick('a', 'Z', 'x', '1', ' b', '[ ] t', '[x] t', '*', '- c', '\tq', '#', '>'),
    fc.array(piece, { maxLength: 6 }),
  )
  .map(([first, rest]) => first + rest.join(''));
const list = fc
  .tuple(
    pick('-', '*', '+'),
    fc.array(fc.tuple(pick('-', '-', '-', '*', '1.'), itemLine, pick('\n', '\n', '\n', '\n\n', '  \n')), {
      minLength: 1,
      maxLength: 5,
    }),
    pick('', '\n', '\n\n', '\n\n\n', '\n\n  indented', '\n\n- again', '\nlazy', '\n# heading', ' \n\n', '\n \n'),
  )
  .map(
    ([bullet, items, after]) =>
      items
        .map(([kind, text, end], k) => `${kind === '-' ? bullet : kind} ${text}${k < items.length - 1 ? end : ''}`)
        .join('') + after,
  );
const quotedList = list.map((text) => text.replace(/^/gm, '> '));
const body = fc
  .array(fc.oneof(block, list, quotedList), { minLength: 1, maxLength: 5 })
  .map((blocks) => blocks.join('\n\n'));

describe('markdownTokens reads what marked reads', () => {
  it('uses its shorter rule with this marked release (else nothing is gained: re-check the rule)', () => {
    expect(plainTextRuleInUse).toBe(true);
  });

  it('asks first whether a setext heading or a table can start, with this marked release (else nothing is gained: re-check the rules)', () => {
    expect(blockChecksInUse).toBe(true);
  });

  it('reads simple lists itself, with this marked release (else nothing is gained: re-check the rules)', () => {
    expect(simpleListsInUse).toBe(true);
  });

  it('for lists of every kind, at the end of a body and before other blocks', () => {
    fc.assert(fc.property(fc.oneof(list, quotedList), expectSameTokens), { numRuns: 3000, seed: 6_12_2026 });
    for (const text of ['- a', '- a\n', '- a\n- b', '+ a\n+ b\n\n\nText', '- a  \n- b \t\n\n# H', '* a\n* b\n\n*c'])
      expectSameTokens(text);
  });

  it('for generated bodies with and without emails, mailto: and xmpp: links', () => {
    fc.assert(fc.property(body, expectSameTokens), { numRuns: 2000, seed: 19_2026 });
  });

  it('for the benchmark corpora', () => {
    for (let i = 0; i < 150; i++) {
      expectSameTokens(articleText(i));
      expectSameTokens(hugoText(i));
    }
  });
});
