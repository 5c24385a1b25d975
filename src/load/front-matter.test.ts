import { describe, expect, it } from 'vitest';
import { MAX_FRONT_MATTER_BYTES, splitFrontMatter } from './front-matter.js';

const FILE = 'articles/x.md';

function ok(text: string) {
  const result = splitFrontMatter(text, FILE);
  if (!result.ok) throw new Error(`expected a split, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

function refused(text: string) {
  const result = splitFrontMatter(text, FILE);
  if (result.ok) throw new Error('expected a diagnostic, got a split');
  expect(result.diagnostics).toHaveLength(1);
  const [diagnostic] = result.diagnostics;
  expect(diagnostic?.file).toBe(FILE);
  expect(diagnostic?.severity).toBe('error');
  return diagnostic!;
}

/** "Billion laughs": nine levels of nine aliases, a billion strings if expanded. */
function aliasBomb(): string {
  const levels = 'abcdefghi'.split('');
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels.length; i++) {
    const previous = levels[i - 1]!;
    lines.push(`${levels[i]}: &${levels[i]} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  return `---\ntitle: Bomb\n${lines.join('\n')}\n---\nbody\n`;
}

describe('splitFrontMatter: what is accepted', () => {
  it.each([
    ['LF line endings', '---\ntitle: T\npublished: 2018-06-12\n---\nBody\n', 'Body\n', 5],
    ['CRLF line endings', '---\r\ntitle: T\r\npublished: 2018-06-12\r\n---\r\nBody\r\n', 'Body\r\n', 5],
    ['a UTF-8 byte order mark', '\uFEFF---\ntitle: T\npublished: 2018-06-12\n---\nBody\n', 'Body\n', 5],
    ['a BOM and CRLF together', '\uFEFF---\r\ntitle: T\r\npublished: 2018-06-12\r\n---\r\nBody\r\n', 'Body\r\n', 5],
    ['old Mac CR line endings', '---\rtitle: T\rpublished: 2018-06-12\r---\rBody\r', 'Body\r', 5],
    ['trailing blanks on the fences', '---  \ntitle: T\npublished: 2018-06-12\n--- \t\nBody\n', 'Body\n', 5],
    ['front matter only, no body', '---\ntitle: T\npublished: 2018-06-12\n---\n', '', 5],
    ['front matter only, no newline after the closing fence', '---\ntitle: T\npublished: 2018-06-12\n---', '', 5],
    [
      'a body holding "---" lines of its own',
      '---\ntitle: T\npublished: 2018-06-12\n---\nA\n\n---\n\nB\n',
      'A\n\n---\n\nB\n',
      5,
    ],
  ])('%s', (_name, text, body, bodyLine) => {
    const split = ok(text);
    expect(split.data).toEqual({ title: 'T', published: '2018-06-12' });
    expect(split.body).toBe(body);
    expect(split.bodyLine).toBe(bodyLine);
  });

  it('keeps timestamps as strings (core schema) and reports key lines in file lines', () => {
    const split = ok(
      '---\ntitle: T\npublished: 2018-06-12T09:30:00+08:00\nimage:\n  src: a.jpg\n  alt: x\ncorrections:\n  - date: 2018-06-14\n    text: c\n---\n',
    );
    expect(split.data['published']).toBe('2018-06-12T09:30:00+08:00');
    expect(split.lineOf('title')).toBe(2);
    expect(split.lineOf('image.alt')).toBe(6);
    expect(split.lineOf('corrections.0.text')).toBe(9);
    expect(split.lineOf('nothing.here')).toBeUndefined();
  });

  it('accepts the core schema tags (!!str forces a string)', () => {
    expect(ok('---\ntitle: !!str 2018\n---\n').data).toEqual({ title: '2018' });
  });

  it('keeps a "__proto__" key as data (no prototype games)', () => {
    const split = ok('---\n__proto__: {title: injected}\n---\n');
    expect(Object.getPrototypeOf(split.data)).toBe(Object.prototype);
    expect(split.data['title']).toBeUndefined();
  });

  it('empty front matter is an empty mapping (the validator then names the missing keys)', () => {
    expect(ok('---\n---\nBody\n').data).toEqual({});
  });
});

describe('splitFrontMatter: what is refused, with the file, the line and what was expected', () => {
  it.each([
    [
      'an empty file',
      '',
      1,
      'expected an article (YAML front matter between "---" lines, then Markdown) but received an empty file',
    ],
    ['a file of blank lines', '\n\n  \n', 1, 'received an empty file'],
    [
      'a body without front matter',
      '# Just Markdown\n\nText.\n',
      1,
      'expected YAML front matter between "---" lines at the top of the file but received none',
    ],
    ['front matter not at the top', '\n---\ntitle: T\n---\n', 1, 'expected YAML front matter between "---" lines'],
    [
      'an unclosed front matter',
      '---\ntitle: T\nBody\n',
      1,
      'expected a closing "---" line after the front matter but the file ended first',
    ],
    [
      'a JavaScript front matter (gray-matter would eval it)',
      '---js\n{ title: (globalThis.PWNED = "yes") }\n---\n',
      1,
      'expected the opening line to be exactly "---" (front matter is YAML, nothing else) but received "---js"',
    ],
    ['a front matter language gray-matter did not know', '---toml\ntitle = "T"\n---\n', 1, 'received "---toml"'],
    [
      'duplicate keys',
      '---\ntitle: A\npublished: 2018-06-12\ntitle: B\n---\n',
      4,
      'expected valid YAML front matter but the parser said: Map keys must be unique',
    ],
    [
      'a YAML syntax error (an unclosed bracket points at its line)',
      '---\ntitle: T\nauthors: [a, b\n---\n',
      3,
      'expected valid YAML front matter but the parser said:',
    ],
    [
      'a bad indentation',
      '---\nimage:\n  src: a.jpg\n alt: x\n---\n',
      4,
      'expected valid YAML front matter but the parser said:',
    ],
    [
      'an unknown local tag',
      '---\ntitle: !include secrets.yml\n---\n',
      2,
      'expected valid YAML front matter but the parser said: Unresolved tag: !include',
    ],
    [
      'a language-specific tag',
      '---\ntitle: !!js/function "function () { return 1 }"\n---\n',
      2,
      'Unresolved tag: tag:yaml.org,2002:js/function',
    ],
    [
      'a %TAG prefix',
      '%TAG !e! tag:evil.example,2000:\n---\ntitle: !e!x 1\n---\n',
      1,
      'expected YAML front matter between "---" lines',
    ],
    [
      '!!binary',
      '---\ntitle: !!binary aGVsbG8=\n---\n',
      2,
      'expected plain YAML values (text, numbers, lists, mappings) but received the tag !!binary',
    ],
    ['!!set', '---\ntags: !!set {a, b}\n---\n', 2, 'received the tag !!set'],
    ['!!timestamp', '---\npublished: !!timestamp 2018-06-12\n---\n', 2, 'received the tag !!timestamp'],
    [
      'an alias to no anchor',
      '---\ntitle: *nothing\n---\n',
      2,
      'expected valid YAML front matter but the parser said:',
    ],
    [
      'a list instead of a mapping',
      '---\n- a\n- b\n---\n',
      2,
      'expected the front matter to be a mapping of keys to values but received a single value',
    ],
    ['a single string', '---\njust text\n---\n', 2, 'expected the front matter to be a mapping'],
    [
      'a list used as a key',
      '---\n? [a, b]\n: value\n---\n',
      2,
      'expected plain text keys but received a list or mapping used as a key',
    ],
    ['a mapping used as a key', '---\n{a: 1}: value\n---\n', 2, 'expected plain text keys'],
    ['nested explicit keys (exponential to convert)', `---\n${'? '.repeat(40)}x\n---\n`, 2, 'expected plain text keys'],
    [
      'a second YAML document inside',
      '---\ntitle: T\n...\nmore: x\n---\n',
      4,
      'expected valid YAML front matter but the parser said:',
    ],
  ])('%s', (_name, text, line, message) => {
    const diagnostic = refused(text);
    expect(diagnostic.line).toBe(line);
    expect(diagnostic.message).toContain(message);
    expect((globalThis as { PWNED?: unknown }).PWNED).toBeUndefined();
  });

  it('refuses a "billion laughs" alias bomb quickly, without expanding it', () => {
    const started = performance.now();
    const before = process.memoryUsage().heapUsed;
    const diagnostic = refused(aliasBomb());
    expect(performance.now() - started).toBeLessThan(1_000);
    // Expanded, the bomb is a billion strings; refused, the heap barely moves.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    expect(diagnostic.message).toContain('expected YAML front matter without an alias explosion ("billion laughs")');
  });

  it('refuses a 5 MB front matter with the limit, before parsing it', () => {
    const huge = `---\ntitle: T\nfiller: "${'x'.repeat(5 * 1024 * 1024)}"\n---\nBody\n`;
    const started = performance.now();
    const diagnostic = refused(huge);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(diagnostic.message).toBe(
      `expected front matter of at most ${MAX_FRONT_MATTER_BYTES / 1024} KiB but received 5121 KiB`,
    );
    expect(diagnostic.line).toBe(2);
  });

  // The YAML parser recurses once per level; deep enough, V8 can abort the process instead
  // of throwing, so nesting is measured before parsing.
  it.each([
    ['flow sequences', `title: ${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['flow mappings', `title: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['compact block sequences', `${'- '.repeat(10_000)}x`],
    ['compact explicit keys', `${'? '.repeat(10_000)}x`],
    ['block indicators after a key', `title: ${'- '.repeat(10_000)}x`],
    ['indicators interleaved with anchors', Array.from({ length: 200 }, (_, i) => `- &a${i} `).join('') + 'x'],
    ['flow nesting after a quoted "]" on every level', `title: ${'[ "]", '.repeat(5_000)}x${']'.repeat(5_000)}`],
    [
      'flow nesting after a plain scalar with an apostrophe',
      `title: It's\nbody: ${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    ],
    ['deep indentation', Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x'],
  ])('refuses pathological nesting (%s) before parsing it', (_name, yaml) => {
    const started = performance.now();
    const diagnostic = refused(`---\n${yaml}\n---\n`);
    expect(diagnostic.message).toContain('expected front matter nested at most 64 levels deep');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('accepts brackets inside quoted text however many', () => {
    const title = '[['.repeat(500);
    expect(ok(`---\ntitle: "${title}"\nalt: '${title}'\n---\n`).data).toEqual({ title, alt: title });
  });
});
