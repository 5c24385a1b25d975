import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { articleText } from '../../bench/articles-corpus.js';
import { hugoText } from '../../bench/hugo-corpus.js';
import { readFlatYaml } from './flat-yaml.js';
import { splitFrontMatter } from './front-matter.js';

/**
 * The flat reader (flat-yaml.ts) must give exactly the data and key lines the yaml package
 * gives, for every front matter it accepts; what it cannot read with certainty it refuses.
 */

/** The yaml package's reading, with the options front-matter.ts parses with. */
function yamlReading(text: string): { data: unknown; lines: Map<string, number> } | 'error' {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
    customTags: [],
    strict: true,
  });
  if (document.errors.length > 0 || document.warnings.length > 0) return 'error';
  const lines = new Map<string, number>();
  const lineOf = (node: Node): number => lineCounter.linePos(node.range?.[0] ?? 0).line - 1;
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      lines.set(key, lineOf(pair.key));
      // A block below a key: each of its keys and items too (a flow list's items share the key's line).
      if (isMap(pair.value))
        for (const inner of pair.value.items)
          if (isScalar(inner.key)) lines.set(`${key}.${String(inner.key.value)}`, lineOf(inner.key));
      if (isSeq(pair.value) && !pair.value.flow)
        pair.value.items.forEach((item, index) => lines.set(`${key}.${index}`, lineOf(item as Node)));
    }
  }
  return { data: document.toJS({ maxAliasCount: 100 }), lines };
}

/** Compares both readers; returns whether the flat one accepted the text. */
function expectSameReading(text: string): boolean {
  const flat = readFlatYaml(text);
  if (flat === undefined) return false;
  const reference = yamlReading(text);
  expect(reference).not.toBe('error');
  if (reference === 'error') return true;
  // toEqual, not toStrictEqual: a key named `constructor` would pass for the object's type.
  expect(flat.data).toEqual(reference.data);
  expect(Object.keys(flat.data)).toEqual(Object.keys(reference.data as object));
  expect(Object.getPrototypeOf(flat.data)).toBe(Object.getPrototypeOf(reference.data));
  expect(flat.lines).toEqual(reference.lines);
  return true;
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const keys = pick(
  'title',
  'date',
  'tags',
  'x-y',
  '_under',
  'Title2',
  'null',
  'Null',
  'true',
  'False',
  'yes',
  'no',
  'on',
  'y',
  'inf',
  'nan',
  '__proto__',
  'constructor',
  'toString',
  '1a',
  '12',
  'a b',
  'a.b',
  '"quoted"',
);
const SCALARS = [
  '',
  'Plain text',
  'Dispatch 12: a title',
  'C#',
  'a #comment',
  'a#b',
  'time 10:30',
  'ends with:',
  'a: b',
  '2000-01-01T00:15:00+02:00',
  '2018-06-12',
  '12',
  '-12',
  '+12',
  '012',
  '0o17',
  '0o8',
  '0x1F',
  '0x',
  '1_000',
  '1e3',
  '1.5e-3',
  '.5',
  '5.',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  'nan',
  'inf',
  '99999999999999999999',
  '-0',
  '0',
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'yes',
  'no',
  'on',
  'off',
  '~',
  'null',
  'Null',
  'NULL',
  'nUll',
  '...',
  '---',
  '- item',
  '-item',
  '? key',
  ':colon',
  '@at',
  '`tick',
  '%pct',
  '&anchor',
  '*alias',
  '!tag',
  '!!str 12',
  '|',
  '>',
  '{a: 1}',
  '[a, b]',
  '[Asia]',
  '[]',
  '[ ]',
  '[a,]',
  '[a,,b]',
  '[a, [b]]',
  '[ spaced , items ]',
  '[a b, c]',
  '[12, true, ~, .5, x]',
  '["quoted, comma", b]',
  '[\'single\', "double"]',
  '[a: b]',
  '[a#b, c #d]',
  '"double quoted"',
  '"with \\"escape\\""',
  '"with \\n newline"',
  '"a # not a comment"',
  '"a: b"',
  '""',
  "'single'",
  "'it''s'",
  "''",
  "'back\\slash'",
  '"unclosed',
  "'unclosed",
  'He said "hi"',
  "it's",
  'back\\slash',
  '<b>bold</b>',
  'café',
  '東京',
  'emoji 🎉',
  'nbsp\u00a0end\u00a0',
  'next\u0085line',
  'sep\u2028x',
  'bom\ufeffx',
  'tab\tx',
  'trailing   ',
  '   leading',
  'ctrl\u0007',
  'a  double  space',
  '= sign',
];
const scalars = fc.constantFrom(...SCALARS);
const ordinaryKeys = pick(
  'title',
  'date',
  'lastmod',
  'slug',
  'summary',
  'author',
  'tags',
  'categories',
  'draft',
  'weight',
);

const line = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 5, arbitrary: ordinaryKeys }, keys),
        pick(': ', ': ', ':  ', ':', ' : ', ':\t'),
        scalars,
      )
      .map((p) => p.join('')),
  },
  {
    weight: 1,
    arbitrary: pick('', '# comment', '  indented: x', '- item', '---', '...', 'key:value', '? a', '%YAML 1.2'),
  },
);
/** A key with a block below it: a mapping or a list, mostly well-formed, sometimes not. */
const indent = pick('  ', '  ', '    ', ' ', '');
const blockScalars = fc.oneof(
  { weight: 3, arbitrary: pick('Plain text', '12', 'true', '~', '"Court: day two"', '[a, b]', '', 'café', '../a.jpg') },
  { weight: 1, arbitrary: scalars },
);
const blockRow = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.oneof({ weight: 5, arbitrary: ordinaryKeys }, keys), pick(': ', ':', ':  '), blockScalars)
      .map((p) => p.join('')),
  },
  { weight: 6, arbitrary: fc.tuple(pick('- ', '- ', '-', '-  ', '- - '), blockScalars).map((p) => p.join('')) },
  { weight: 1, arbitrary: pick('', '# comment', 'more text', 'deeper:', '  nested: x') },
);
const block = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: pick('image', 'tags', 'author') }, keys),
    pick(':', ':', ':', ': ', ':  # note'),
    fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: indent }, pick('   ', '\t')), blockRow), {
      minLength: 1,
      maxLength: 4,
    }),
    // Mostly one indentation for every row, as people and tools write them.
    fc.boolean(),
  )
  .map(([key, colon, rows, even]) =>
    [`${key}${colon}`, ...rows.map(([ind, row]) => `${even ? (rows[0]?.[0] ?? '') : ind}${row}`)].join('\n'),
  );
const frontMatter = fc.array(line, { minLength: 1, maxLength: 5 }).map((lines) => lines.join('\n'));
const frontMatterWithBlocks = fc
  .array(fc.oneof({ weight: 1, arbitrary: line }, { weight: 2, arbitrary: block }), { minLength: 1, maxLength: 3 })
  .map((lines) => lines.join('\n'));

describe('the flat front matter reader reads what the yaml package reads', () => {
  it.each([
    ['generated front matter', frontMatter, 19_2026],
    ['generated front matter with blocks below keys', frontMatterWithBlocks, 19_2027],
  ])('for %s: the same data and key lines, or it refuses', (_name, texts, seed) => {
    let accepted = 0;
    const runs = 10_000;
    fc.assert(
      fc.property(texts, (text) => {
        if (expectSameReading(text)) accepted += 1;
      }),
      { numRuns: runs, seed },
    );
    expect(accepted).toBeGreaterThan(runs / 20);
  });

  it('every scalar of the generator on its own line', () => {
    let accepted = 0;
    for (const scalar of SCALARS) if (expectSameReading(`a: ${scalar}`)) accepted += 1;
    expect(accepted).toBeGreaterThan(SCALARS.length / 3);
  });

  it.each([
    [
      'plain text, dates and lists',
      'title: T\ndate: 2000-01-01T00:15:00+02:00\ntags: [Detention, Freedom of Expression]',
    ],
    ['the core schema (YAML 1.2: yes is text)', 'a: yes\nb: 0o17\nc: ~\nd: .inf\ne: 1e3\nf: True'],
    ['quoted text keeps what plain text would not', 'title: "Dispatch 1: a # b"\nsummary: \'x: y\''],
    ['a blank line between keys', 'title: T\n\ndate: 2018-06-12'],
    [
      'a mapping below a key (an image with its caption and credit)',
      'title: T\nimage:\n  src: ../images/a.jpg\n  caption: "A scene: the court"\n\n  credit: Agency\nslug: s',
    ],
    ['a list below a key, indented', 'tags:\n  - Courts\n  - 12\n  -\ntitle: T'],
    ['a list below a key, at its indentation', 'categories:\n- News\n- [a, b]\ntitle: T'],
    ['a key with nothing below it', 'image:\ntitle: T'],
  ])('accepts %s', (_name, text) => {
    expect(expectSameReading(text)).toBe(true);
  });

  it.each([
    ['a duplicate key', 'title: A\ntitle: B'],
    ['a second level of nesting', 'image:\n  credit:\n    name: A'],
    ['a mapping in a list', 'authors:\n  - name: A'],
    ['uneven indentation', 'image:\n  src: a.jpg\n   alt: b'],
    ['a plain scalar continued on the next line', 'title: A\n  continued'],
    ['a comment in a block', 'image:\n  # the lead\n  src: a.jpg'],
    ['a comment', 'title: T # note'],
    ['an escape', 'title: "a\\tb"'],
    ['a tag', 'n: !!str 12'],
    ['an anchor', 'a: &x 1'],
    ['a non-text key', 'true: 1'],
  ])('refuses %s (the yaml package reads it, with its errors)', (_name, text) => {
    expect(readFlatYaml(text)).toBeUndefined();
  });

  it('the benchmark corpora: the same split as the full parse, key lines included', () => {
    for (let i = 0; i < 400; i++) {
      for (const text of [articleText(i), hugoText(i)]) {
        const yaml = text.slice(4, text.indexOf('\n---\n', 4));
        const flat = readFlatYaml(yaml);
        if (flat) expectSameReading(yaml);
        const split = splitFrontMatter(text, 'a.md');
        expect(split.ok).toBe(true);
      }
    }
    expect(readFlatYaml(hugoText(7).slice(4, hugoText(7).indexOf('\n---\n', 4)))).toBeDefined();
  });
});
