import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';

/**
 * TOML (`+++` fences, Hugo's default) and JSON (an object at the top of the file, as Hugo
 * and Eleventy read it) front matter (pure). The same bounds as the YAML reader hold: the
 * size is checked by the caller, nesting is bounded here, dates come back as strings (the
 * validator parses them, so an offset-less time is never silently read as UTC), and
 * nothing is ever evaluated.
 */

export type ParsedFormat =
  | { ok: true; data: Record<string, unknown>; lineOf(key: string): number | undefined }
  | { ok: false; message: string; line: number };

/**
 * TOML front matter text (between the fences) → data. `firstLine` is the file line the
 * text starts on.
 */
export function parseTomlFrontMatter(text: string, firstLine: number, maxNesting: number): ParsedFormat {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseToml(text, { maxDepth: maxNesting });
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const message = String((error as Error).message).split('\n')[0] ?? '';
    return {
      ok: false,
      message: `expected valid TOML front matter but the parser said: ${message.replace(/^Invalid TOML document: /, '')}`,
      line: firstLine + Math.max(0, line - 1),
    };
  }
  return {
    ok: true,
    data: plainData(parsed, 0, maxNesting) as Record<string, unknown>,
    lineOf: tomlLines(text, firstLine),
  };
}

/** JSON front matter: `text` is the object itself, starting at file line `firstLine`. */
export function parseJsonFrontMatter(text: string, firstLine: number, maxNesting: number): ParsedFormat {
  if (jsonDepth(text) > maxNesting) {
    return {
      ok: false,
      message: `expected front matter nested at most ${maxNesting} levels deep but received deeper nesting`,
      line: firstLine,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = String((error as Error).message);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : 0;
    return {
      ok: false,
      message: `expected valid JSON front matter but the parser said: ${message.split('\n')[0] ?? ''}`,
      line: firstLine + countLines(text.slice(0, offset)),
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, message: 'expected the front matter to be a JSON object of keys to values', line: firstLine };
  }
  return {
    ok: true,
    data: parsed as Record<string, unknown>,
    lineOf: (key) => {
      const last = key.split('.').pop() ?? key;
      const at = text.indexOf(`${JSON.stringify(last)}`);
      return at < 0 ? undefined : firstLine + countLines(text.slice(0, at));
    },
  };
}

/**
 * The end of a JSON front matter that starts the file: the offset just after the `}` that
 * closes the first `{`, counting only brackets outside strings; undefined when it never closes.
 */
export function jsonObjectEnd(text: string): number | undefined {
  let depth = 0;
  let end: number | undefined;
  eachJsonBracket(text, (change, index) => {
    depth += change;
    if (depth !== 0) return false;
    end = index + 1;
    return true;
  });
  return end;
}

function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  eachJsonBracket(text, (change) => {
    depth += change;
    deepest = Math.max(deepest, depth);
    return false;
  });
  return deepest;
}

/** Calls `step` with +1 at each `{`/`[` and -1 at each `}`/`]` outside strings, until it returns true. */
function eachJsonBracket(text: string, step: (change: 1 | -1, index: number) => boolean): void {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if ((c === 0x7b || c === 0x5b) && step(1, i)) return;
    else if ((c === 0x7d || c === 0x5d) && step(-1, i)) return;
  }
}

/**
 * smol-toml's values as plain data: dates as the text TOML wrote (a local date-time keeps
 * no offset), tables as ordinary objects.
 */
function plainData(value: unknown, depth: number, maxNesting: number): unknown {
  if (value instanceof TomlDate) return tomlDateText(value);
  if (depth > maxNesting) return undefined;
  if (Array.isArray(value)) return value.map((item) => plainData(item, depth + 1, maxNesting));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = plainData(item, depth + 1, maxNesting);
    return out;
  }
  return value;
}

/** `2014-03-12T10:00:00.000` → `2014-03-12T10:00:00` (the milliseconds were never written). */
function tomlDateText(date: TomlDate): string {
  return date.toISOString().replace(/\.000(?=$|[Z+-])/, '');
}

/**
 * Lines of keys in TOML text: a top-level key is found before the first table header, a
 * key `a.b` after the header `[a]`. Good enough to point at the line an author wrote.
 */
function tomlLines(text: string, firstLine: number): (key: string) => number | undefined {
  const lines = text.split('\n');
  const keyLine = (name: string, from: number, stopAtTable: boolean): number | undefined => {
    const pattern = new RegExp(`^\\s*["']?${escapeRegExp(name)}["']?\\s*=`);
    for (let i = from; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (stopAtTable && /^\s*\[/.test(line)) return undefined;
      if (pattern.test(line)) return i;
    }
    return undefined;
  };
  return (key) => {
    const parts = key.split('.');
    const [head] = parts;
    if (head === undefined) return undefined;
    const top = keyLine(head, 0, true);
    if (parts.length === 1 || top !== undefined) return top === undefined ? undefined : firstLine + top;
    const header = lines.findIndex((line) => new RegExp(`^\\s*\\[\\[?\\s*${escapeRegExp(head)}\\s*\\]`).test(line));
    if (header < 0) return undefined;
    const inner = keyLine(parts[parts.length - 1] ?? '', header + 1, true);
    return firstLine + (inner ?? header);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function countLines(text: string): number {
  return text.match(/\r\n|\n|\r/g)?.length ?? 0;
}
