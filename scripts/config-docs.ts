/**
 * The configuration reference in docs/configuration.md, generated from the zod schema
 * (src/config/schema.ts): the keys, types and defaults come from the schema itself, each
 * description from the JSDoc comment above the key in the schema's source. The schema stays
 * the single source of every key; the reference cannot drift from it, and
 * test/config-docs.test.ts fails when the file was not regenerated.
 *
 * `npm run docs:config` rewrites the part of docs/configuration.md between the markers
 * `<!-- config-reference:start -->` and `<!-- config-reference:end -->`; the prose around
 * them is written by hand and kept as it is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { configSchema } from '../src/config/schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = path.join(ROOT, 'src/config/schema.ts');
export const CONFIG_DOC = path.join(ROOT, 'docs/configuration.md');
export const START_MARKER = '<!-- config-reference:start -->';
export const END_MARKER = '<!-- config-reference:end -->';

/** One row of the reference. */
export interface ConfigKey {
  key: string;
  type: string;
  default: string;
  description: string;
}

/**
 * The parts of a zod 4 schema's definition this script reads. zod's own types describe each
 * kind separately; one loose view keeps the walk below short.
 */
interface Def {
  type: string;
  innerType?: Schema;
  defaultValue?: unknown;
  in?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  valueType?: Schema;
  shape?: Record<string, Schema>;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[];
}
interface Schema {
  _zod: { def: Def };
  isInt?: boolean;
}

const asSchema = (value: unknown): Schema => value as Schema;

/** The JSDoc comment above each property of the schema's object literals, by dotted key. */
export function readFieldComments(source: string): Map<string, string> {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.Latest, true);
  const comments = new Map<string, string>();
  let root: ts.Expression | undefined;
  file.forEachChild(function find(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === 'configSchema') root = node.initializer;
    node.forEachChild(find);
  });
  if (!root) throw new Error('src/config/schema.ts: no configSchema declaration found');
  const declarations = new Map<string, ts.Expression>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) {
        declarations.set(declaration.name.text, declaration.initializer);
      }
    }
  }

  // The object literal handed to the first z.object(...) in a property's initializer chain.
  const objectLiteralOf = (expression: ts.Node): ts.ObjectLiteralExpression | undefined => {
    let found: ts.ObjectLiteralExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'object' &&
        node.expression.expression.getText(file) === 'z'
      ) {
        const first = node.arguments[0];
        if (first && ts.isObjectLiteralExpression(first)) found = first;
        return;
      }
      // A schema kept in a const of its own (the author object): follow the name.
      if (ts.isIdentifier(node)) {
        const declaration = declarations.get(node.text);
        if (declaration) visit(declaration);
        return;
      }
      // A nested union or array of objects is described by its own key's comment.
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const name = node.expression.name.text;
        if (name === 'array' || name === 'union' || name === 'record') return;
      }
      node.forEachChild(visit);
    };
    visit(expression);
    return found;
  };

  const walk = (literal: ts.ObjectLiteralExpression, prefix: string): void => {
    for (const property of literal.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = prefix + property.name.getText(file);
      const docs = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc);
      const text = docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join(' ');
      if (text.trim()) comments.set(key, text.replace(/\s+/g, ' ').trim());
      const nested = objectLiteralOf(property.initializer);
      if (nested) walk(nested, key + '.');
    }
  };
  const top = objectLiteralOf(root);
  if (!top) throw new Error('src/config/schema.ts: configSchema is not a z.object');
  walk(top, '');
  return comments;
}

/** A schema with its wrappers taken off, and the default one of them gave. */
function unwrap(schema: Schema): { inner: Schema; optional: boolean; default?: unknown } {
  let current = schema;
  let optional = false;
  let fallback: unknown;
  let hasDefault = false;
  for (;;) {
    const def = current._zod.def;
    if ((def.type === 'default' || def.type === 'prefault') && def.innerType) {
      if (!hasDefault) {
        fallback = def.defaultValue;
        hasDefault = true;
      }
      current = def.innerType;
    } else if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      optional = true;
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return hasDefault ? { inner: current, optional, default: fallback } : { inner: current, optional };
    }
  }
}

function describeType(schema: Schema): string {
  const { inner } = unwrap(schema);
  const def = inner._zod.def;
  switch (def.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number': {
      // The bounds the schema states (not the safe-integer range every `.int()` carries).
      const kind = inner.isInt ? 'integer' : 'number';
      let min: string | undefined;
      let max: string | undefined;
      for (const { _zod } of def.checks ?? []) {
        const { check, value, inclusive } = _zod.def;
        if (check === 'greater_than') min = inclusive ? `≥ ${value}` : `> ${value}`;
        if (check === 'less_than') max = inclusive ? `≤ ${value}` : `< ${value}`;
      }
      if (min && max) return `${kind}, ${min.slice(2)} to ${max.slice(2)}`;
      if (inner.isInt && min === '> 0') return 'integer ≥ 1';
      return min ? `${kind} ${min}` : kind;
    }
    case 'enum':
      return Object.values(def.entries ?? {})
        .map((value) => JSON.stringify(value))
        .join(', ');
    case 'array':
      return `list of ${describeType(asSchema(def.element))}`;
    case 'union':
      return (def.options ?? []).map(describeType).join(' or ');
    case 'record':
      return `object of ${describeType(asSchema(def.valueType))}`;
    case 'object':
      return 'object';
    default:
      return def.type;
  }
}

function describeDefault(schema: Schema): string {
  const { inner, optional, ...rest } = unwrap(schema);
  if ('default' in rest) {
    // An object's `{}` default means "each key its own default": the rows below give them.
    if (inner._zod.def.type === 'object') return 'each key its default';
    const value = rest.default;
    const shown = Array.isArray(value)
      ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]`
      : JSON.stringify(value);
    return '`' + shown + '`';
  }
  return optional ? 'none' : '**required**';
}

/** Every key of the schema, depth first in the schema's order, with its comment. */
export function configKeys(comments: Map<string, string>): ConfigKey[] {
  const rows: ConfigKey[] = [];
  const walk = (shape: Record<string, Schema>, prefix: string): void => {
    for (const [name, schema] of Object.entries(shape)) {
      const key = prefix + name;
      rows.push({
        key,
        type: describeType(schema),
        default: describeDefault(schema),
        description: comments.get(key) ?? '',
      });
      const { inner } = unwrap(schema);
      if (inner._zod.def.type === 'object' && inner._zod.def.shape) walk(inner._zod.def.shape, key + '.');
    }
  };
  walk(asSchema(configSchema)._zod.def.shape ?? {}, '');
  return rows;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** `docs/x.md` and `docs/x.md#anchor` in a comment become links from docs/configuration.md. */
const linked = (text: string): string =>
  text.replace(
    /\bdocs\/([a-z-]+\.md)(#[a-z0-9-]+)?/g,
    (_match, file: string, anchor = '') => `[${file}](${file}${anchor})`,
  );

/** The generated reference: a note that it is generated, and the table. */
export function renderConfigReference(schemaSource: string = readFileSync(SCHEMA_FILE, 'utf8')): string {
  const rows = configKeys(readFieldComments(schemaSource));
  return [
    START_MARKER,
    '',
    '<!-- Generated by scripts/config-docs.ts from src/config/schema.ts: edit the comments there, then run `npm run docs:config`. -->',
    '',
    '| key | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) => `| \`${row.key}\` | ${cell(row.type)} | ${cell(row.default)} | ${linked(cell(row.description))} |`,
    ),
    '',
    END_MARKER,
  ].join('\n');
}

/**
 * docs/configuration.md with its generated part replaced, formatted as `npm run format`
 * would (so a formatted file and a regenerated one are the same bytes); the hand-written
 * prose is kept.
 */
export async function withReference(document: string, reference: string = renderConfigReference()): Promise<string> {
  const start = document.indexOf(START_MARKER);
  const end = document.indexOf(END_MARKER);
  if (start < 0 || end < start) {
    throw new Error(`docs/configuration.md: expected the markers ${START_MARKER} and ${END_MARKER}`);
  }
  const replaced = document.slice(0, start) + reference + document.slice(end + END_MARKER.length);
  const options = await prettier.resolveConfig(CONFIG_DOC);
  return prettier.format(replaced, { ...options, filepath: CONFIG_DOC });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const before = readFileSync(CONFIG_DOC, 'utf8');
  const after = await withReference(before);
  if (after !== before) writeFileSync(CONFIG_DOC, after);
  console.log(`docs/configuration.md: ${after === before ? 'up to date' : 'reference regenerated'}`);
}
