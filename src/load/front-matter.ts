import matter from 'gray-matter';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

/**
 * Splits an article into front matter and Markdown body (pure: never opens files; the
 * caller names the file in every diagnostic).
 *
 * gray-matter only splits here. It is called with options, which turns its input-keyed
 * cache off (without options it hands back a shared `data` object), and with a YAML
 * "engine" that parses nothing: the YAML is read by the `yaml` package, because it keeps
 * timestamps as strings in its core schema, refuses unknown tags and duplicate keys,
 * bounds alias expansion, and reports line positions for every key.
 */

/** Front matter larger than this is refused before it is parsed (issue 5). */
export const MAX_FRONT_MATTER_BYTES = 256 * 1024;
/** Alias expansion bound: a "billion laughs" document fails fast instead of eating memory. */
const MAX_ALIAS_COUNT = 100;

export interface SplitArticle {
  /** The parsed front matter (plain data: strings, numbers, booleans, lists, mappings). */
  data: Record<string, unknown>;
  body: string;
  /** 1-based file line of a dotted key path (`image.alt`, `corrections.1.date`), when it exists. */
  lineOf(key: string): number | undefined;
}

export type SplitResult = { ok: true; value: SplitArticle } | { ok: false; diagnostics: Diagnostic[] };

const noopEngine = { parse: (): object => ({}), stringify: (): string => '' };

export function splitFrontMatter(text: string, file: string): SplitResult {
  const fail = (message: string, line?: number, key?: string): SplitResult => ({
    ok: false,
    diagnostics: [{ severity: 'error', file, message, ...(line === undefined ? {} : { line }), ...(key ? { key } : {}) }],
  });

  // gray-matter strips a UTF-8 BOM and accepts CRLF line endings.
  const split = matter(text, { engines: { yaml: noopEngine }, language: 'yaml' });
  if (split.matter === undefined || !/^\uFEFF?---/.test(text)) {
    return fail('expected YAML front matter between "---" lines at the top of the file but received none', 1);
  }
  const yamlText = split.matter.replace(/\r\n?/g, '\n');
  if (Buffer.byteLength(yamlText, 'utf8') > MAX_FRONT_MATTER_BYTES) {
    return fail(`expected front matter of at most ${MAX_FRONT_MATTER_BYTES / 1024} KiB but received ${Math.round(Buffer.byteLength(yamlText) / 1024)} KiB`, 1);
  }
  // The YAML starts on the line after the opening "---"; yaml's lines are 1-based.
  const firstYamlLine = 2 - (yamlText.startsWith('\n') ? 1 : 0);
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
    customTags: [],
    strict: true,
  });
  // yaml reports an unknown tag (`!!js/function`, `!include`) as a warning; custom tags are
  // refused outright (issue 5), so every warning is an error here.
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const position = problem.pos[0];
    const line = lineCounter.linePos(position).line + firstYamlLine - 1;
    return fail(`expected valid YAML front matter but the parser said: ${firstLine(problem.message)}`, line);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return fail(`expected YAML front matter without excessive aliases but the parser said: ${firstLine(String((error as Error).message))}`, 2);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return fail('expected the front matter to be a mapping of keys to values but received a single value', 2);
  }
  const lineOf = (key: string): number | undefined => {
    const node = nodeAt(document, key.split('.'));
    const start = node?.range?.[0];
    return start === undefined ? undefined : lineCounter.linePos(start).line + firstYamlLine - 1;
  };
  return { ok: true, value: { data: data as Record<string, unknown>, body: split.content, lineOf } };
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
