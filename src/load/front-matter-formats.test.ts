import { describe, expect, it } from 'vitest';
import { MAX_NESTING, splitFrontMatter } from './front-matter.js';

const FILE = 'content/posts/x.md';

function split(text: string) {
  const result = splitFrontMatter(text, FILE);
  if (!result.ok) throw new Error(`expected a split, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

function refused(text: string) {
  const result = splitFrontMatter(text, FILE);
  if (result.ok) throw new Error('expected a diagnostic, got a split');
  return result.diagnostics[0]!;
}

describe('TOML front matter (+++, Hugo)', () => {
  it('reads keys, tables and dates as the text TOML wrote, with key lines', () => {
    const value = split(
      '+++\ntitle = "Harbour reopens"\ndate = 2023-05-04T09:00:00-04:00\nlastmod = 2023-05-05T10:00:00\nday = 2023-05-06\ntags = ["port", "city"]\n\n[image]\nsrc = "harbour.jpg"\nalt = "Cranes"\n+++\nBody\n',
    );
    expect(value.format).toBe('toml');
    expect(value.data).toEqual({
      title: 'Harbour reopens',
      date: '2023-05-04T09:00:00-04:00',
      lastmod: '2023-05-05T10:00:00',
      day: '2023-05-06',
      tags: ['port', 'city'],
      image: { src: 'harbour.jpg', alt: 'Cranes' },
    });
    expect(value.body).toBe('Body\n');
    expect(value.bodyLine).toBe(12);
    expect(value.lineOf('date')).toBe(3);
    expect(value.lineOf('image.alt')).toBe(10);
  });

  it.each([
    [
      'a syntax error, on its line',
      '+++\ntitle = "T"\ntags = [\n+++\n',
      4,
      /^expected valid TOML front matter but the parser said: /,
    ],
    ['no closing fence', '+++\ntitle = "T"\n', 1, /^expected a closing "\+\+\+" line/],
    [
      'nesting deeper than the YAML reader allows',
      `+++\nx = ${'['.repeat(MAX_NESTING + 2)}${']'.repeat(MAX_NESTING + 2)}\n+++\n`,
      2,
      /^expected valid TOML front matter but the parser said: /,
    ],
  ])('refuses %s', (_name, text, line, message) => {
    const diagnostic = refused(text);
    expect(diagnostic).toMatchObject({ severity: 'error', file: FILE, line });
    expect(diagnostic.message).toMatch(message);
  });
});

describe('JSON front matter (Hugo, Eleventy)', () => {
  it('reads an object at the top of the file, the body after it', () => {
    const value = split('{\n  "title": "T",\n  "date": "2023-05-04",\n  "tags": ["a"]\n}\nBody {not json}\n');
    expect(value.format).toBe('json');
    expect(value.data).toEqual({ title: 'T', date: '2023-05-04', tags: ['a'] });
    expect(value.body).toBe('Body {not json}\n');
    expect(value.bodyLine).toBe(6);
    expect(value.lineOf('date')).toBe(3);
  });

  it.each([
    ['invalid JSON', '{\n  "title": "T",\n  "date": 2023-05-04\n}\n', /^expected valid JSON front matter/],
    ['an object never closed', '{\n  "title": "T"\n', /^expected a JSON front matter object closed by "}"/],
    [
      'deep nesting',
      `{"a": ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}}\n`,
      /nested at most 64 levels/,
    ],
  ])('refuses %s', (_name, text, message) => {
    expect(refused(text).message).toMatch(message);
  });
});
