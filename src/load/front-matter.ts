import {
  CST,
  isMap,
  isNode,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { readFlatYaml } from './flat-yaml.js';
import { jsonObjectEnd, parseJsonFrontMatter, parseTomlFrontMatter } from './front-matter-formats.js';

/**
 * Splits an article into front matter and Markdown body (pure: never opens files; the
 * caller names the file in every diagnostic).
 *
 * The split is done here, not by gray-matter: gray-matter picks a parser from the text
 * after the opening fence, and `---js` selects its JavaScript "engine", which `eval`s the
 * front matter, so an article file could run code in the build. Any other word
 * there made it throw. Here the opening line is exactly `---`, the YAML is read by the
 * `yaml` package (core schema: timestamps stay strings; unknown tags, duplicate keys and
 * runaway aliases refused; line positions for every key), and nothing else is ever run.
 */

/**
 * Front matter larger than this is refused before it is parsed (hostile input: parser time
 * and memory stay bounded).
 */
export const MAX_FRONT_MATTER_BYTES = 256 * 1024;
/** Alias expansion bound: a "billion laughs" document fails fast instead of eating memory. */
const MAX_ALIAS_COUNT = 100;
/**
 * Nesting bound, checked before the YAML parser runs. The parser recurses once per level;
 * near a thousand levels it runs out of stack, and at some depths V8 then aborts the whole
 * process (a fatal "RegExpCompiler Allocation failed") instead of throwing, so a 20 KB
 * front matter of `[[[[…` could kill every build. Front matter needs three or four levels.
 */
export const MAX_NESTING = 64;
/** Indentation bound, for the same reason (each deeper indentation can open a level). */
const MAX_INDENT = 128;

/**
 * The only explicit tags accepted: those of the YAML 1.2 core schema (`!!str 12` is a fair
 * way to write a string). Everything else — `!!binary`, `!!set`, `!!timestamp`, `!include`,
 * `!!js/function`, `%TAG` prefixes — is refused: front matter is plain data.
 */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/** How the front matter was written: `---` YAML, `+++` TOML (Hugo) or a JSON object (Hugo, Eleventy). */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

export interface SplitArticle {
  format?: FrontMatterFormat;
  /** The parsed front matter (plain data: strings, numbers, booleans, lists, mappings). */
  data: Record<string, unknown>;
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
  /** 1-based file line of a dotted key path (`image.alt`, `corrections.1.date`), when it exists. */
  lineOf(key: string): number | undefined;
}

export type SplitResult = { ok: true; value: SplitArticle } | { ok: false; diagnostics: Diagnostic[] };

const FENCE = /^---[ \t]*$/;
const TOML_FENCE = /^\+\+\+[ \t]*$/;

export function splitFrontMatter(text: string, file: string): SplitResult {
  const fail = (message: string, line?: number, key?: string): SplitResult => ({
    ok: false,
    diagnostics: [
      { severity: 'error', file, message, ...(line === undefined ? {} : { line }), ...(key ? { key } : {}) },
    ],
  });

  // A UTF-8 byte order mark is allowed (editors on Windows write one) and is not content.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') {
    return fail(
      'expected an article (YAML front matter between "---" lines, then Markdown) but received an empty file',
      1,
    );
  }
  const lines = lineScanner(source);
  const first = lines.next();
  if (!first.done && TOML_FENCE.test(first.value.text)) return splitToml(source, lines, first.value.next, fail);
  if (!first.done && first.value.text.startsWith('{')) return splitJson(source, fail);
  if (first.done || !FENCE.test(first.value.text)) {
    const opening = first.done ? '' : first.value.text;
    return opening.startsWith('---')
      ? fail(
          `expected the opening line to be exactly "---" (front matter is YAML, nothing else) but received ${JSON.stringify(opening.slice(0, 40))}`,
          1,
        )
      : fail('expected YAML front matter between "---" lines at the top of the file but received none', 1);
  }
  return splitYaml(source, lines, first.value.next, fail);
}

type Fail = (message: string, line?: number, key?: string) => SplitResult;

/** `---` … `---`: YAML front matter, presswire's own. */
function splitYaml(
  source: string,
  lines: Generator<ScannedLine, void, undefined>,
  yamlStart: number,
  fail: Fail,
): SplitResult {
  const closing = closingFence(lines, FENCE);
  if (!closing) {
    return fail('expected a closing "---" line after the front matter but the file ended first', 1);
  }
  // Line terminators are made LF for the YAML parser; every terminator stays one line. The
  // last line's terminator belongs to the fence, so an error "at the end" (an unclosed
  // bracket) points at the last line of YAML, not at the closing "---".
  const yamlText = source
    .slice(yamlStart, closing.start)
    .replace(/(?:\r\n|\n|\r)$/, '')
    .replace(/\r\n?/g, '\n');
  const oversized = tooLarge(yamlText, fail);
  if (oversized) return oversized;
  const body = source.slice(closing.next);
  const bodyLine = closing.line + 1;
  const deep = tooDeep(yamlText);
  if (deep) return fail(deep.message, deep.line + 1);

  const flat = readFlatYaml(yamlText);
  if (flat) {
    // As the full parse answers (nodeAt): the line of the deepest part of the path that is
    // written. The YAML starts on file line 2.
    const lineOf = (key: string): number | undefined => {
      const parts = key.split('.');
      for (let length = Math.min(parts.length, 2); length > 0; length--) {
        const line = flat.lines.get(parts.slice(0, length).join('.'));
        if (line !== undefined) return line + 2;
      }
      return undefined;
    };
    return { ok: true, value: { format: 'yaml', data: flat.data, body, bodyLine, lineOf } };
  }
  const parsed = parseYaml(yamlText, fail);
  if (!parsed.ok) return parsed.failure;
  const { document, fileLine } = parsed;
  const refused = refusedConstruct(document, yamlText, fileLine, fail);
  if (refused) return refused;
  const data = yamlData(document, fail);
  if (!data.ok) return data.failure;
  const lineOf = (key: string): number | undefined => {
    const node = nodeAt(document, key.split('.'));
    const start = node?.range?.[0];
    return start === undefined ? undefined : fileLine(start);
  };
  return { ok: true, value: { format: 'yaml', data: data.value, body, bodyLine, lineOf } };
}

/** The first line after the opening one that is the closing fence. */
function closingFence(lines: Generator<ScannedLine, void, undefined>, fence: RegExp): ScannedLine | undefined {
  for (const line of lines) if (fence.test(line.text)) return line;
  return undefined;
}

/** The refusal of a front matter over MAX_FRONT_MATTER_BYTES, checked before any parser runs. */
function tooLarge(frontMatter: string, fail: Fail): SplitResult | undefined {
  const bytes = Buffer.byteLength(frontMatter, 'utf8');
  if (bytes <= MAX_FRONT_MATTER_BYTES) return undefined;
  return fail(
    `expected front matter of at most ${MAX_FRONT_MATTER_BYTES / 1024} KiB but received ${Math.ceil(bytes / 1024)} KiB`,
    2,
  );
}

type Parsed<T> = ({ ok: true } & T) | { ok: false; failure: SplitResult };

/** The YAML document, and how its offsets map to file lines; or the parser's first complaint. */
function parseYaml(yamlText: string, fail: Fail): Parsed<{ document: Document; fileLine: (offset: number) => number }> {
  const lineCounter = new LineCounter();
  // The YAML starts on file line 2; yaml's lines are 1-based.
  const fileLine = (offset: number): number => lineCounter.linePos(offset).line + 1;
  let document: Document;
  try {
    document = parseDocument(yamlText, {
      schema: 'core',
      uniqueKeys: true,
      prettyErrors: false,
      lineCounter,
      customTags: [],
      strict: true,
    });
  } catch (error) {
    // The parser recurses; a pathological nesting must be a diagnostic, not a crash.
    const message = `expected valid YAML front matter but the parser gave up: ${firstLine(String((error as Error).message))}`;
    return { ok: false, failure: fail(message, 2) };
  }
  // yaml reports an unknown tag (`!include`) as a warning; custom tags are refused outright
  // (an article file must not run code in the build), so every warning is an error here.
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    // A construct left open (`[`, `{`, a quote) is found at the end of the front matter,
    // on the closing `---`; the author's mistake is on the last line with content.
    const atEnd = yamlText.slice(problem.pos[0]).trim() === '';
    const offset = atEnd ? yamlText.trimEnd().length - 1 : problem.pos[0];
    const message = `expected valid YAML front matter but the parser said: ${firstLine(problem.message)}`;
    return { ok: false, failure: fail(message, fileLine(Math.max(0, offset))) };
  }
  return { ok: true, document, fileLine };
}

/** A tag outside the core schema, or a list or mapping used as a key: refused before toJS. */
function refusedConstruct(
  document: Document,
  yamlText: string,
  fileLine: (offset: number) => number,
  fail: Fail,
): SplitResult | undefined {
  // Every YAML tag starts with `!`: front matter without one has none to look for.
  const tagged = yamlText.includes('!') ? firstForeignTag(document) : undefined;
  if (tagged) {
    return fail(
      `expected plain YAML values (text, numbers, lists, mappings) but received the tag ${shortTag(tagged.tag)}`,
      tagged.offset === undefined ? 2 : fileLine(tagged.offset),
    );
  }
  const complexKey = firstComplexKey(document);
  if (complexKey !== undefined) {
    // Turning a list or mapping key into an object key stringifies it, and nested ones take
    // exponential time (`? ? ? … x`); front matter keys are names.
    return fail(
      'expected plain text keys but received a list or mapping used as a key',
      complexKey === -1 ? 2 : fileLine(complexKey),
    );
  }
  return undefined;
}

/** The document as plain data, which must be a mapping (an empty front matter is an empty one). */
function yamlData(document: Document, fail: Fail): Parsed<{ value: Record<string, unknown> }> {
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = firstLine(String((error as Error).message));
    const failure = /excessive alias count/i.test(message)
      ? fail(
          `expected YAML front matter without an alias explosion ("billion laughs") but aliases expand to more than ${MAX_ALIAS_COUNT} times the document`,
          2,
        )
      : fail(`expected valid YAML front matter but the parser said: ${message}`, 2);
    return { ok: false, failure };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      failure: fail('expected the front matter to be a mapping of keys to values but received a single value', 2),
    };
  }
  return { ok: true, value: data as Record<string, unknown> };
}

/** `+++` … `+++`: TOML front matter, as Hugo writes it. */
function splitToml(
  source: string,
  lines: Generator<ScannedLine, void, undefined>,
  tomlStart: number,
  fail: Fail,
): SplitResult {
  const closing = closingFence(lines, TOML_FENCE);
  if (!closing) return fail('expected a closing "+++" line after the TOML front matter but the file ended first', 1);
  const tomlText = source.slice(tomlStart, closing.start).replace(/\r\n?/g, '\n');
  const oversized = tooLarge(tomlText, fail);
  if (oversized) return oversized;
  const parsed = parseTomlFrontMatter(tomlText, 2, MAX_NESTING);
  if (!parsed.ok) return fail(parsed.message, parsed.line);
  const { data, lineOf } = parsed;
  return {
    ok: true,
    value: { format: 'toml', data, body: source.slice(closing.next), bodyLine: closing.line + 1, lineOf },
  };
}

/** A JSON object at the top of the file, the body after it (Hugo's and Eleventy's JSON front matter). */
function splitJson(source: string, fail: Fail): SplitResult {
  const end = jsonObjectEnd(source.slice(0, MAX_FRONT_MATTER_BYTES + 1));
  if (end === undefined) {
    return source.length > MAX_FRONT_MATTER_BYTES
      ? fail(`expected front matter of at most ${MAX_FRONT_MATTER_BYTES / 1024} KiB but received more`, 1)
      : fail('expected a JSON front matter object closed by "}" but the file ended first', 1);
  }
  const parsed = parseJsonFrontMatter(source.slice(0, end), 1, MAX_NESTING);
  if (!parsed.ok) return fail(parsed.message, parsed.line);
  // The body starts on the line after the closing brace.
  const rest = source.slice(end);
  const newline = /\r\n|\n|\r/.exec(rest);
  const bodyStart = newline ? end + newline.index + newline[0].length : source.length;
  const bodyLine = (source.slice(0, bodyStart).match(/\r\n|\n|\r/g)?.length ?? 0) + 1;
  const { data, lineOf } = parsed;
  return { ok: true, value: { format: 'json', data, body: source.slice(bodyStart), bodyLine, lineOf } };
}

interface ScannedLine {
  /** Text without its terminator. */
  text: string;
  /** 1-based line number. */
  line: number;
  /** Offset of the line's first character. */
  start: number;
  /** Offset just after its terminator. */
  next: number;
}

/** Lines as YAML and Markdown count them: terminated by LF, CRLF or a lone CR (no Unicode separators). */
function* lineScanner(text: string): Generator<ScannedLine, void, undefined> {
  let start = 0;
  let line = 1;
  const terminator = /\r\n|\n|\r/g;
  while (start < text.length) {
    terminator.lastIndex = start;
    const match = terminator.exec(text);
    const end = match ? match.index : text.length;
    const next = match ? end + match[0].length : text.length;
    yield { text: text.slice(start, end), line, start, next };
    start = next;
    line += 1;
  }
}

function firstForeignTag(document: Document): { tag: string; offset: number | undefined } | undefined {
  let found: { tag: string; offset: number | undefined } | undefined;
  visit(document, {
    Node(_key, node) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        found = { tag: node.tag, offset: node.range?.[0] };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Offset of the first pair whose key is not a scalar (-1 when it has no position). */
function firstComplexKey(document: Document): number | undefined {
  let found: number | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        found = isNode(pair.key) ? (pair.key.range?.[0] ?? -1) : -1;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * A conservative estimate of how deeply the YAML nests, from the yaml package's own lexer
 * (a state machine: it never recurses, and it knows where quoted scalars are): flow
 * brackets, runs of block indicators on one line (`- - - x`, `? ? x`), and indentation.
 * Anchors and tags between indicators do not break a run, so they cannot hide one.
 */
function tooDeep(yaml: string): { message: string; line: number } | undefined {
  if (surelyShallow(yaml)) return undefined;
  const message = `expected front matter nested at most ${MAX_NESTING} levels deep and indented at most ${MAX_INDENT} columns but received deeper nesting`;
  let flow = 0;
  let run = 0;
  let line = 1;
  let lineStart = true;
  for (const token of new Lexer().lex(yaml)) {
    switch (CST.tokenType(token)) {
      case 'newline':
        line += 1;
        lineStart = true;
        run = 0;
        break;
      case 'space':
        if (lineStart && token.length > MAX_INDENT) return { message, line };
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        run += 1;
        lineStart = false;
        if (flow + run > MAX_NESTING) return { message, line };
        break;
      case 'flow-seq-start':
      case 'flow-map-start':
        flow += 1;
        lineStart = false;
        if (flow + run > MAX_NESTING) return { message, line };
        break;
      case 'flow-seq-end':
      case 'flow-map-end':
        flow = Math.max(0, flow - 1);
        lineStart = false;
        break;
      case 'anchor':
      case 'tag':
      case 'comment':
      case 'doc-mode':
      case 'byte-order-mark':
        break;
      default:
        run = 0;
        lineStart = false;
    }
  }
  return undefined;
}

/**
 * An upper bound that spares ordinary front matter the lexer pass of tooDeep (it was a
 * fifth of the YAML's cost): counted on raw characters, every bracket in the text and every
 * indicator character on the busiest line, and each line's leading white space, can only
 * be more than the lexer counts (it skips quoted text). Within the limits, tooDeep would
 * find nothing.
 */
function surelyShallow(yaml: string): boolean {
  let brackets = 0;
  let busiestLine = 0;
  let onLine = 0;
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml.charCodeAt(i);
    if (c === 10) {
      busiestLine = Math.max(busiestLine, onLine);
      onLine = 0;
      indent = 0;
      lineStart = true;
      continue;
    }
    if (lineStart && (c === 32 || c === 9)) {
      if (++indent > MAX_INDENT) return false;
      continue;
    }
    lineStart = false;
    if (c === 91 || c === 123)
      brackets += 1; // [ {
    else if (c === 45 || c === 63 || c === 58) onLine += 1; // - ? :
  }
  return brackets + Math.max(busiestLine, onLine) <= MAX_NESTING;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function nodeAt(document: Document, path: string[]): Node | undefined {
  let node: unknown = document.contents;
  let keyNode: Node | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
      if (!pair) return keyNode;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(part)];
      if (item === undefined) return keyNode;
      keyNode = item as Node;
      node = item;
    } else {
      return keyNode;
    }
  }
  return keyNode;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
