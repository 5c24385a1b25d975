import type { z } from 'zod';
import { valueAt } from '../diagnostics.js';

/**
 * Config problems in the house style (pure): one line per problem, the file and the dotted
 * key in front, "expected … but received …" after them, as an article's diagnostics read:
 *
 *   presswire.config.json: site.descripton: unknown key (did you mean site.description?)
 *   presswire.config.json: feeds.limit: expected a whole number but received the string "20"
 *
 * zod's own messages ("Invalid input: expected number, received string") are replaced,
 * because they name JavaScript types rather than what to write in the file.
 */

type Issue = z.core.$ZodIssue;
/** The parts of a zod schema's definition walked here (zod 4's `_zod.def`). */
interface Definition {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  checks?: { _zod: { def: { check?: string; format?: string } } }[];
}
interface Schema {
  _zod: { def: Definition };
}

export function configIssueLines(issues: readonly Issue[], raw: unknown, display: string, schema: unknown): string[] {
  return issues.flatMap((issue) => issueLines(issue, raw, display, schema as Schema));
}

function issueLines(issue: Issue, raw: unknown, display: string, schema: Schema): string[] {
  const key = issue.path.map(String).join('.');
  const where = `${display}: ${key === '' ? '' : `${key}: `}`;
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schemaAt(schema, issue.path));
    return issue.keys.map((name) => {
      const full = key === '' ? name : `${key}.${name}`;
      const guess = closest(name, known);
      const hint = guess === undefined ? '' : ` (did you mean ${key === '' ? guess : `${key}.${guess}`}?)`;
      return `${display}: ${full}: unknown key${hint}`;
    });
  }
  const expected = expectation(issue, schemaAt(schema, issue.path));
  if (expected.includes(' but received ')) return [`${where}${expected}`];
  return [`${where}${expected} but received ${describeConfigValue(valueAt(raw, issue.path))}`];
}

function expectation(issue: Issue, schema: Schema | undefined): string {
  const whole = isWholeNumber(schema);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`.replace(
        'a number',
        whole ? 'a whole number' : 'a number',
      );
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const atLeast = issue.code === 'too_small';
      if (issue.origin === 'string' && atLeast && bound === 1) return 'expected a non-empty string';
      if (issue.origin === 'array')
        return `expected a list of ${atLeast ? 'at least' : 'at most'} ${bound} ${bound === 1 ? 'item' : 'items'}`;
      if (whole && !issue.inclusive)
        return `expected a whole number ${atLeast ? 'at least' : 'at most'} ${atLeast ? bound + 1 : bound - 1}`;
      const relation = issue.inclusive ? (atLeast ? 'at least' : 'at most') : atLeast ? 'greater than' : 'less than';
      return `expected ${whole ? 'a whole number' : 'a number'} ${relation} ${bound}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      if (issue.message.startsWith('expected')) return issue.message;
      return issue.format === 'email' ? 'expected an e-mail address' : `expected a ${issue.format}`;
    case 'invalid_union':
      if (issue.path.includes('partners'))
        return 'expected a partner profile name ("google-news", "msn", "flipboard") or {profile, file?, limit?}';
      return 'expected one of the forms docs/configuration.md lists';
    default:
      // Our own refinements already speak the house style ("expected …"); a message that
      // says what it received itself is shown whole (the cron check's).
      return issue.message;
  }
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** How a value read from the config file is named: `the string "20"`, `the number 5`. */
export function describeConfigValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  return 'an object';
}

function unwrap(schema: Schema | undefined): Schema | undefined {
  let node = schema;
  for (let depth = 0; node && depth < 10; depth++) {
    const def = node._zod.def;
    if (def.innerType) node = def.innerType;
    else if (def.type === 'pipe' && def.in) node = def.in;
    else return node;
  }
  return node;
}

function schemaAt(schema: Schema, keyPath: readonly PropertyKey[]): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const part of keyPath) {
    const def: Definition | undefined = unwrap(node)?._zod.def;
    if (def?.type === 'object' && def.shape) node = def.shape[String(part)];
    else if (def?.type === 'array' && def.element) node = def.element;
    else return undefined;
  }
  return unwrap(node);
}

function knownKeys(schema: Schema | undefined): string[] {
  const def = schema?._zod.def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function isWholeNumber(schema: Schema | undefined): boolean {
  return schema?._zod.def.checks?.some((c) => c._zod.def.format === 'safeint') ?? false;
}

/** The known key nearest to a misspelt one, when it is near enough to be what was meant. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(name.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(best.key.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] as number;
}
