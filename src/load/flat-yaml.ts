import { isScalar, Schema } from 'yaml';

/**
 * Flat front matter read without building a YAML document (pure), when every line is in a
 * small subset whose meaning is certain: `key: value` at the start of the line, where the
 * value is empty, a plain scalar, a quoted string without escapes, or a one-line flow list
 * of those; or `key:` alone followed by one level of block below it, either a mapping
 * (`  src: a.jpg`, each line at the same indentation, values as above) or a list
 * (`  - Politics`, also at the key's own indentation). That is what most front matter is
 * (title, dates, a section, a list of tags, an image with its caption and credit), and
 * the yaml package's full parse — lexer, parser, composer, a Document, toJS — was a sixth of
 * a cold build. Plain scalars are resolved by the yaml package's own YAML 1.2 core schema
 * tags (the same tests and resolvers parseDocument uses), so `yes` stays text, `0o17` is
 * 15 and `~` is null. Anything else — a comment, a second level of nesting, an uneven
 * indentation, a tag, an anchor, an escape, a duplicate key, a character outside plain
 * printable text — returns undefined and the yaml package reads the front matter as
 * before, with its errors and their lines. A differential property test (flat-yaml.test.ts)
 * holds both readers to the same data and key lines.
 */

export interface FlatYaml {
  data: Record<string, unknown>;
  /**
   * 0-based line (in the YAML text) of each key, and of each key and item of a block below a
   * key, as `image.src` and `tags.0`.
   */
  lines: Map<string, number>;
}

const CORE = new Schema({ schema: 'core', customTags: [] });
/** The core schema's scalar tags that plain text is tested against, in the schema's order. */
const SCALAR_TAGS = CORE.tags.filter((tag) => tag.default === true && tag.test !== undefined);

const KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?$/;
/**
 * Characters accepted anywhere: printable ASCII and the Basic Multilingual Plane's printable
 * range, without U+0085, U+2028/9, the byte order mark or surrogates (emoji take the full path).
 */
const OUTSIDE_SUBSET = /[^\n\u0020-\u007E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
/** A plain scalar may not start with an indicator (YAML 1.2 §7.3.3, plus `-`, `?`, `:` to stay simple). */
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@` ]/;

/** Marks a construct outside the subset. */
const OUTSIDE = Symbol('outside the flat subset');

export function readFlatYaml(yaml: string): FlatYaml | undefined {
  if (OUTSIDE_SUBSET.test(yaml)) return undefined;
  const data: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  const source = yaml.split('\n');
  for (let index = 0; index < source.length; index++) {
    const line = source[index] as string;
    if (line === '') continue;
    const match = KEY.exec(line);
    if (!match) return undefined;
    const key = match[1] as string;
    if (!ordinaryKey(key, lines)) return undefined;
    const text = withoutSpaces(match[2] ?? '');
    lines.set(key, index);
    const below = text === '' ? blockBelow(source, index + 1) : undefined;
    if (below === OUTSIDE) return undefined;
    if (below) {
      data[key] = below.value;
      for (const [inner, at] of below.lines) lines.set(`${key}.${inner}`, at);
      index = below.end - 1;
      continue;
    }
    const value = blockValue(text);
    if (value === OUTSIDE) return undefined;
    data[key] = value;
  }
  return lines.size > 0 ? { data, lines } : undefined;
}

/** A key must read as text (`null:` and `true:` do not), once, and be an ordinary property. */
function ordinaryKey(key: string, seen: ReadonlyMap<string, number>): boolean {
  return key !== '__proto__' && !seen.has(key) && plainValue(key) === key;
}

const INDENTED_KEY = /^( +)([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?$/;
const ITEM = /^( *)-(?: +(.*))?$/;

interface Block {
  value: Record<string, unknown> | unknown[];
  /** Line (0-based) of each key or item, by key or position. */
  lines: Map<string, number>;
  /** The first line after the block. */
  end: number;
}

/**
 * The block below `key:` from line `start`: a mapping or a list, one level deep; undefined
 * when none follows (the key's value is null), OUTSIDE when what follows is more than that.
 */
function blockBelow(source: readonly string[], start: number): Block | undefined | typeof OUTSIDE {
  let first = start;
  while (first < source.length && source[first] === '') first++;
  const opening = source[first];
  if (opening === undefined) return undefined;
  const item = ITEM.exec(opening);
  if (item) return listBelow(source, first, (item[1] as string).length);
  const entry = INDENTED_KEY.exec(opening);
  if (entry) return mappingBelow(source, first, (entry[1] as string).length);
  return opening.startsWith(' ') ? OUTSIDE : undefined;
}

/** `- value` lines at one indentation (which may be the key's own). */
function listBelow(source: readonly string[], start: number, indent: number): Block | typeof OUTSIDE {
  const value: unknown[] = [];
  const lines = new Map<string, number>();
  let index = start;
  for (; index < source.length; index++) {
    const line = source[index] as string;
    if (line === '') continue;
    const item = ITEM.exec(line);
    const at = item ? (item[1] as string).length : indentOf(line);
    if (at < indent || (at === indent && !item && indent === 0)) break;
    if (!item || at !== indent) return OUTSIDE;
    const parsed = blockValue(withoutSpaces(item[2] ?? ''));
    if (parsed === OUTSIDE) return OUTSIDE;
    lines.set(String(value.length), index);
    value.push(parsed);
  }
  return { value, lines, end: index };
}

/** `key: value` lines at one indentation, deeper than the key's. */
function mappingBelow(source: readonly string[], start: number, indent: number): Block | typeof OUTSIDE {
  const value: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  let index = start;
  for (; index < source.length; index++) {
    const line = source[index] as string;
    if (line === '') continue;
    if (indentOf(line) === 0) break;
    const entry = INDENTED_KEY.exec(line);
    if (!entry || (entry[1] as string).length !== indent) return OUTSIDE;
    const key = entry[2] as string;
    if (!ordinaryKey(key, lines)) return OUTSIDE;
    const parsed = blockValue(withoutSpaces(entry[3] ?? ''));
    if (parsed === OUTSIDE) return OUTSIDE;
    value[key] = parsed;
    lines.set(key, index);
  }
  return { value, lines, end: index };
}

function indentOf(line: string): number {
  let at = 0;
  while (line.charCodeAt(at) === 32) at++;
  return at;
}

/** The value after `key: `, trailing spaces removed. */
function blockValue(text: string): unknown {
  if (text === '') return null;
  if (text.startsWith('[')) return flowList(text);
  const quoted = quotedValue(text);
  if (quoted !== undefined) return quoted;
  // A comment (` #`), a nested mapping (`: `) or a trailing `:` is not flat.
  if (!PLAIN_START.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':')) return OUTSIDE;
  return plainValue(text);
}

/** `[a, b]`: plain or quoted items on one line, no nesting, no empty item. */
function flowList(text: string): unknown {
  if (!text.endsWith(']')) return OUTSIDE;
  const inner = text.slice(1, -1);
  if (withoutSpaces(inner) === '') return inner === '' ? [] : OUTSIDE;
  const items: unknown[] = [];
  for (const raw of inner.split(',')) {
    const item = withoutSpaces(raw);
    const quoted = quotedValue(item);
    if (quoted !== undefined) {
      items.push(quoted);
      continue;
    }
    const value = PLAIN_START.test(item) && !/[[\]{}:#'"]/.test(item) ? plainValue(item) : OUTSIDE;
    if (value === OUTSIDE) return OUTSIDE;
    items.push(value);
  }
  return items;
}

/** A quoted string without escapes or inner quotes, as written; undefined when `text` is not one. */
function quotedValue(text: string): string | undefined {
  const quote = text[0];
  if ((quote !== '"' && quote !== "'") || text.length < 2 || !text.endsWith(quote)) return undefined;
  const inner = text.slice(1, -1);
  return inner.includes(quote) || inner.includes('\\') ? undefined : inner;
}

/**
 * What a core-schema null, boolean, integer or float can start with (YAML 1.2 §10.3.2: `~`,
 * `null`, `true`, `false` in three spellings each, digits, a sign, `.5`, `.inf`, `.nan`):
 * any other plain scalar, most of them (`Politics`, `Staff Reporter`), is text, with no
 * resolver to ask.
 */
const MAY_RESOLVE = /^[~nNtTfF0-9+.-]/;

/** A plain scalar as the core schema resolves it (null, boolean, integer, float or text). */
function plainValue(text: string): unknown {
  if (text !== '' && !MAY_RESOLVE.test(text)) return text;
  for (const tag of SCALAR_TAGS) {
    if (!tag.test?.test(text)) continue;
    let failed = false;
    const resolved: unknown = tag.resolve(text, () => (failed = true), CORE_OPTIONS);
    // Some resolvers return a Scalar node (to keep the written form), others the value.
    const value = isScalar(resolved) ? resolved.value : resolved;
    if (failed) return OUTSIDE;
    return value === null || typeof value !== 'object' ? value : OUTSIDE;
  }
  return text;
}

/** Without leading and trailing spaces: YAML's white space here, not JavaScript's (which includes U+00A0). */
function withoutSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(start, end);
}

/** What the resolvers read from the document options: integers as numbers, not BigInt. */
const CORE_OPTIONS = { intAsBigInt: false } as Parameters<NonNullable<(typeof SCALAR_TAGS)[number]['resolve']>>[2];
