import fc from 'fast-check';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { articleText } from '../../bench/articles-corpus.js';
import { hugoText } from '../../bench/hugo-corpus.js';
import { blockChecksInUse, markdownToHtml, markdownTokens, plainTextRuleInUse, tokensToHtml } from './markdown.js';

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
const body = fc.array(block, { minLength: 1, maxLength: 5 }).map((blocks) => blocks.join('\n\n'));

describe('markdownTokens reads what marked reads', () => {
  it('uses its shorter rule with this marked release (else nothing is gained: re-check the rule)', () => {
    expect(plainTextRuleInUse).toBe(true);
  });

  it('asks first whether a setext heading or a table can start, with this marked release (else nothing is gained: re-check the rules)', () => {
    expect(blockChecksInUse).toBe(true);
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
