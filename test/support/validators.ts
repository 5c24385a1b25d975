/**
 * Independent validators for presswire's output, used by the end-to-end tests.
 *
 * Nothing here imports presswire's own code: every check is done by a
 * third-party parser or validator.
 *
 * | function                | tool                                          | Debian package     |
 * | ----------------------- | --------------------------------------------- | ------------------ |
 * | parseWithFeedparser     | Universal Feed Parser via /usr/bin/python3    | python3-feedparser |
 * | checkAtomRfc4287        | jing + RFC 4287 Appendix B schema (atom.rnc), | jing               |
 * |                         | then fast-xml-parser for the rules RELAX NG   |                    |
 * |                         | cannot express                                |                    |
 * | checkJsonFeed11         | ajv + ajv-formats, jsonfeed-1.1.schema.json   | (npm devDeps)      |
 * | checkWellFormedXml      | xmllint --noout                               | libxml2-utils      |
 *
 * A missing external tool is an Error naming the Debian package to install:
 * the tests must fail loudly, never skip.
 *
 * In an end-to-end run, feedparser and jing answer from one process each, started for the
 * whole run (./validator-servers.ts): the same programs, checks and output as the commands,
 * without a Python or JVM start per document.
 */
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { inject } from 'vitest';
import { askServer, type ValidatorServers } from './validator-servers.js';

// ---------------------------------------------------------------------------
// Public types

export interface ValidationResult {
  ok: boolean;
  errors: string[];
}

export interface FeedparserLink {
  rel: string | null;
  href: string | null;
  type: string | null;
  length: string | null;
  title: string | null;
}

export interface FeedparserPerson {
  name: string | null;
  email: string | null;
  href: string | null;
}

export interface FeedparserContent {
  type: string | null;
  value: string | null;
}

export interface FeedparserEnclosure {
  href: string | null;
  type: string | null;
  length: string | null;
}

/** Attributes of a Media RSS element as feedparser reports them (all strings). */
export type FeedparserMediaAttributes = Record<string, string | null>;

export interface FeedparserEntry {
  /** guid (RSS) / atom:id. */
  id: string | null;
  guidislink: boolean;
  title: string | null;
  /** feedparser's content type of the title, e.g. "text/plain", "text/html". */
  title_detail_type: string | null;
  link: string | null;
  links: FeedparserLink[];
  /** ISO 8601 UTC ("...Z"), made from feedparser's published_parsed. */
  published: string | null;
  /** The date string as written in the feed. */
  published_raw: string | null;
  /** ISO 8601 UTC ("...Z"), made from feedparser's updated_parsed. */
  updated: string | null;
  updated_raw: string | null;
  author: string | null;
  authors: FeedparserPerson[];
  summary: string | null;
  /** Note: feedparser sanitizes HTML (it drops e.g. srcset/sizes attributes). */
  content: FeedparserContent[];
  /** Category terms. */
  tags: (string | null)[];
  enclosures: FeedparserEnclosure[];
  media_content: FeedparserMediaAttributes[];
  media_thumbnail: FeedparserMediaAttributes[];
  /** Each credit's attributes plus its text as "content". */
  media_credit: FeedparserMediaAttributes[];
  /** feedparser 6 routes media:description into summary/content, so usually null. */
  media_description: string | null;
  media_title: string | null;
}

export interface FeedparserFeed {
  title: string | null;
  link: string | null;
  links: FeedparserLink[];
  id: string | null;
  subtitle: string | null;
  language: string | null;
  rights: string | null;
  generator: string | null;
  published: string | null;
  updated: string | null;
  authors: FeedparserPerson[];
  image: { href: string | null; title: string | null; link: string | null } | null;
}

export interface FeedparserResult {
  feedparser_version: string;
  bozo: boolean;
  bozo_exception: string | null;
  /** e.g. "rss20", "atom10"; "" when feedparser could not tell. */
  version: string;
  encoding: string | null;
  namespaces: Record<string, string>;
  feed: FeedparserFeed;
  entries: FeedparserEntry[];
}

/** Thrown when an external validator is not installed. */
export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    readonly debianPackage: string,
    detail: string,
  ) {
    super(
      `${tool} is not available (${detail}). The feed validators need it: ` +
        `run \`apt-get install ${debianPackage}\` (Debian 12).`,
    );
    this.name = 'MissingToolError';
  }
}

// ---------------------------------------------------------------------------
// Process helper

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function errnoCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
}

/**
 * Runs a program without a shell. Resolves with its exit code and output
 * (a non-zero exit is a result, not a rejection); rejects with
 * MissingToolError when the program does not exist.
 */
function run(
  file: string,
  args: readonly string[],
  missing: { tool: string; debianPackage: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const code = errnoCode(error);
        if (code === 'ENOENT' || code === 'EACCES') {
          reject(new MissingToolError(missing.tool, missing.debianPackage, `cannot execute ${file}: ${String(code)}`));
          return;
        }
        if (typeof code === 'number') {
          resolve({ code, stdout, stderr });
          return;
        }
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      },
    );
  });
}

async function assertReadable(filePath: string): Promise<void> {
  try {
    await access(filePath, fsConstants.R_OK);
  } catch {
    throw new Error(`validator: cannot read ${filePath}`);
  }
}

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** The servers this run started (absent outside the end-to-end project's set-up). */
function validatorServers(): ValidatorServers {
  return inject('validatorServers') ?? {};
}

// ---------------------------------------------------------------------------
// Universal Feed Parser (python3-feedparser)

/** Debian's python3 (where python3-feedparser installs); FEEDPARSER_PYTHON overrides. */
const PYTHON = process.env['FEEDPARSER_PYTHON'] ?? '/usr/bin/python3';
const FEEDPARSER_DUMP = here('./feedparser_dump.py');

function isFeedparserResult(value: unknown): value is FeedparserResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['bozo'] === 'boolean' &&
    typeof v['version'] === 'string' &&
    typeof v['feed'] === 'object' &&
    v['feed'] !== null &&
    Array.isArray(v['entries'])
  );
}

/**
 * Parses a feed file with Universal Feed Parser (`feedparser.parse(path)`)
 * and returns a JSON-friendly summary. `bozo: true` means feedparser found
 * the document ill-formed (it still returns what it could recover).
 */
export async function parseWithFeedparser(filePath: string): Promise<FeedparserResult> {
  await assertReadable(filePath);
  const missing = { tool: `python3 with feedparser (${PYTHON})`, debianPackage: 'python3-feedparser' };
  // The server runs the default interpreter: a test that names another one runs it itself.
  const server = validatorServers().feedparser;
  const result =
    server?.python === PYTHON
      ? await askServer(server, filePath).then(({ code, output }) =>
          code === 0 ? { code, stdout: output, stderr: '' } : { code, stdout: '', stderr: output },
        )
      : await run(PYTHON, [FEEDPARSER_DUMP, filePath], missing);
  if (result.code === 3 || /No module named ['"]?feedparser/.test(result.stderr)) {
    throw new MissingToolError(missing.tool, missing.debianPackage, result.stderr.trim() || 'cannot import feedparser');
  }
  if (result.code !== 0) {
    throw new Error(`feedparser_dump.py exited with ${result.code} for ${filePath}:\n${result.stderr}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout) as unknown;
  } catch (err) {
    throw new Error(
      `feedparser_dump.py printed invalid JSON for ${filePath}: ${String(err)}\n${result.stdout.slice(0, 500)}`,
    );
  }
  if (!isFeedparserResult(parsed)) {
    throw new Error(`feedparser_dump.py printed an unexpected shape for ${filePath}`);
  }
  return parsed;
}

// ---------------------------------------------------------------------------
// xmllint (libxml2-utils)

/**
 * Well-formedness per libxml2 (`xmllint --noout --nonet`). Any diagnostic,
 * including a warning printed with exit status 0, makes the result not ok.
 */
export async function checkWellFormedXml(filePath: string): Promise<ValidationResult> {
  await assertReadable(filePath);
  const result = await run('xmllint', ['--noout', '--nonet', filePath], {
    tool: 'xmllint',
    debianPackage: 'libxml2-utils',
  });
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0);
  // xmllint prints each diagnostic followed by the source line and a caret line;
  // keep the diagnostic lines (they carry file:line: message).
  const diagnostics = lines.filter((l) => /:\d+: [a-z ]*(error|warning) : /.test(l) || /^(error|warning)\b/i.test(l));
  const errors = diagnostics.length > 0 ? diagnostics : lines;
  if (result.code !== 0 && errors.length === 0) {
    errors.push(`xmllint exited with status ${result.code}`);
  }
  return { ok: result.code === 0 && errors.length === 0, errors };
}

// ---------------------------------------------------------------------------
// Atom (RFC 4287): jing + the constraints RELAX NG cannot express

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const TOMBSTONES_NS = 'http://purl.org/atompub/tombstones/1.0';
const ATOM_RNC = here('./atom.rnc');

interface XmlElement {
  ns: string;
  local: string;
  qname: string;
  /** Attributes keyed by "{namespace}local" ("local" alone for no namespace). */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Concatenated direct text children, untrimmed. */
  text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts fast-xml-parser's preserveOrder output into a namespace-resolved tree. */
function buildTree(nodes: unknown, parentScope: ReadonlyMap<string, string>, problems: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  if (!Array.isArray(nodes)) return out;
  for (const node of nodes) {
    if (!isRecord(node)) continue;
    const rawAttrs = isRecord(node[':@']) ? node[':@'] : {};
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (tag === undefined || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) continue;

    const scope = new Map(parentScope);
    for (const [name, value] of Object.entries(rawAttrs)) {
      if (name === 'xmlns') scope.set('', String(value));
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), String(value));
    }
    const resolve = (qname: string, isAttr: boolean): { ns: string; local: string } => {
      const colon = qname.indexOf(':');
      if (colon < 0) return { ns: isAttr ? '' : (scope.get('') ?? ''), local: qname };
      const prefix = qname.slice(0, colon);
      const local = qname.slice(colon + 1);
      if (prefix === 'xml') return { ns: XML_NS, local };
      if (prefix === 'xmlns') return { ns: XMLNS_NS, local };
      const ns = scope.get(prefix);
      if (ns === undefined) {
        problems.push(`unbound namespace prefix "${prefix}" in <${qname}>`);
        return { ns: `urn:unbound:${prefix}`, local };
      }
      return { ns, local };
    };

    const { ns, local } = resolve(tag, false);
    const attrs = new Map<string, string>();
    for (const [name, value] of Object.entries(rawAttrs)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const a = resolve(name, true);
      attrs.set(a.ns === '' ? a.local : `{${a.ns}}${a.local}`, String(value));
    }
    const rawChildren = node[tag];
    let text = '';
    if (Array.isArray(rawChildren)) {
      for (const child of rawChildren) {
        if (isRecord(child) && '#text' in child) text += String(child['#text']);
      }
    }
    out.push({ ns, local, qname: tag, attrs, children: buildTree(rawChildren, scope, problems), text });
  }
  return out;
}

const atomChildren = (el: XmlElement, local: string): XmlElement[] =>
  el.children.filter((c) => c.ns === ATOM_NS && c.local === local);

const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * RFC 3339 `date-time`, as tightened by RFC 4287 section 3.3: uppercase "T",
 * uppercase "Z" when there is no numeric offset, no surrounding white space.
 */
export function isRfc3339DateTime(value: string): boolean {
  const m = RFC3339_DATE_TIME.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > (daysInMonth[month - 1] ?? 0)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

function isAlternateLink(link: XmlElement): boolean {
  const rel = link.attrs.get('rel');
  return rel === undefined || rel === 'alternate' || rel === 'http://www.iana.org/assignments/relation/alternate';
}

function describeEntry(entry: XmlElement, index: number): string {
  const id = atomChildren(entry, 'id')[0]?.text;
  return id === undefined ? `entry #${index + 1}` : `entry #${index + 1} (id "${id}")`;
}

/** RFC 4287 (and RFC 6721 tombstone) rules that the RELAX NG schema does not express. */
function atomSemanticErrors(root: XmlElement): string[] {
  const errors: string[] = [];
  if (root.ns !== ATOM_NS || (root.local !== 'feed' && root.local !== 'entry')) {
    return [`root element is {${root.ns}}${root.local}, expected atom:feed or atom:entry`];
  }
  const isFeed = root.local === 'feed';
  const entries = isFeed ? atomChildren(root, 'entry') : [root];

  // Dates: every atom:published / atom:updated anywhere, RFC 3339 date-time.
  const walk = (el: XmlElement, path: string): void => {
    if (el.ns === ATOM_NS && (el.local === 'published' || el.local === 'updated')) {
      if (!isRfc3339DateTime(el.text)) {
        errors.push(`${path}: atom:${el.local} "${el.text}" is not an RFC 3339 date-time (RFC 4287 section 3.3)`);
      }
    }
    if (el.ns === ATOM_NS && el.local === 'id' && !ABSOLUTE_IRI.test(el.text)) {
      errors.push(`${path}: atom:id "${el.text}" is not an absolute IRI without white space (RFC 4287 section 4.2.6)`);
    }
    if (el.ns === TOMBSTONES_NS && el.local === 'deleted-entry') {
      const ref = el.attrs.get('ref');
      const when = el.attrs.get('when');
      if (ref === undefined || !ABSOLUTE_IRI.test(ref)) {
        errors.push(
          `${path}: at:deleted-entry needs a ref attribute holding the entry's atom:id (RFC 6721 section 2.1)`,
        );
      }
      if (when === undefined || !isRfc3339DateTime(when)) {
        errors.push(
          `${path}: at:deleted-entry needs a when attribute with an RFC 3339 date-time (RFC 6721 section 2.1), got ${when === undefined ? 'none' : `"${when}"`}`,
        );
      }
    }
    const counts = new Map<string, number>();
    for (const c of el.children) {
      const n = (counts.get(c.qname) ?? 0) + 1;
      counts.set(c.qname, n);
      walk(c, `${path}/${c.qname}[${n}]`);
    }
  };
  walk(root, root.qname);

  const feedHasAuthor = isFeed && atomChildren(root, 'author').length > 0;
  const seen = new Map<string, number>();

  entries.forEach((entry, index) => {
    const where = describeEntry(entry, index);
    for (const name of ['id', 'title', 'updated']) {
      const n = atomChildren(entry, name).length;
      if (n !== 1) errors.push(`${where}: has ${n} atom:${name} elements, RFC 4287 section 4.1.2 requires exactly one`);
    }

    const hasAuthor =
      atomChildren(entry, 'author').length > 0 ||
      atomChildren(entry, 'source').some((s) => atomChildren(s, 'author').length > 0);
    if (!feedHasAuthor && !hasAuthor) {
      errors.push(`${where}: has no atom:author and neither has the feed (RFC 4287 section 4.1.1 / 4.2.1)`);
    }

    const links = atomChildren(entry, 'link');
    if (atomChildren(entry, 'content').length === 0 && !links.some(isAlternateLink)) {
      errors.push(
        `${where}: has no atom:content, so it needs an atom:link with rel="alternate" (RFC 4287 section 4.1.2)`,
      );
    }

    const ids = atomChildren(entry, 'id');
    const updated = atomChildren(entry, 'updated');
    if (ids.length === 1 && updated.length === 1 && ids[0] !== undefined && updated[0] !== undefined) {
      const instant = Date.parse(updated[0].text);
      const key = `${ids[0].text}\u0000${Number.isNaN(instant) ? updated[0].text : String(instant)}`;
      const previous = seen.get(key);
      if (previous !== undefined) {
        errors.push(
          `${where}: same atom:id and atom:updated as entry #${previous + 1} (RFC 4287 section 4.1.1: entries sharing an id must differ in updated)`,
        );
      } else {
        seen.set(key, index);
      }
    }
  });

  // At most one rel="alternate" link per (type, hreflang), for the feed and each entry.
  for (const [owner, label] of [
    ...(isFeed ? [[root, 'feed'] as const] : []),
    ...entries.map((e, i) => [e, describeEntry(e, i)] as const),
  ]) {
    const combos = new Set<string>();
    for (const link of atomChildren(owner, 'link').filter(isAlternateLink)) {
      const combo = `${link.attrs.get('type') ?? ''}\u0000${link.attrs.get('hreflang') ?? ''}`;
      if (combos.has(combo)) {
        errors.push(
          `${label}: more than one alternate atom:link with the same type and hreflang (RFC 4287 section 4.1.1 / 4.1.2)`,
        );
      }
      combos.add(combo);
    }
  }
  return errors;
}

/**
 * Validates an Atom document against RFC 4287: the Appendix B RELAX NG
 * schema through jing, plus the rules RELAX NG cannot express (Appendix B's
 * Schematron rules, entry cardinalities, RFC 3339 dates, id uniqueness, and
 * RFC 6721 tombstone attributes).
 */
export async function checkAtomRfc4287(filePath: string): Promise<ValidationResult> {
  await assertReadable(filePath);
  const errors: string[] = [];

  const server = validatorServers().jing;
  const result = server
    ? await askServer(server, filePath).then(({ code, output }) => ({ code, stdout: output, stderr: '' }))
    : await run('jing', ['-c', ATOM_RNC, filePath], { tool: 'jing', debianPackage: 'jing' });
  const stderr = result.stderr.split('\n').filter((l) => l.trim() !== '' && !/^\[warning\] .*Unable to locate/.test(l));
  if (stderr.some((l) => /no (suitable )?java/i.test(l))) {
    throw new MissingToolError('a Java runtime for jing', 'jing default-jre-headless', stderr.join(' '));
  }
  const jingLines = result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /:\s*(error|fatal|warning):/.test(l));
  if (result.code !== 0 && jingLines.length === 0) {
    throw new Error(`jing failed to run (exit ${result.code}):\n${result.stdout}\n${stderr.join('\n')}`);
  }
  errors.push(...jingLines.map((l) => `jing: ${l}`));

  const xml = await readFile(filePath, 'utf8');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    if (!jingLines.some((l) => l.includes('fatal:'))) {
      errors.push(`not well-formed: ${wellFormed.err.msg} (line ${wellFormed.err.line}, column ${wellFormed.err.col})`);
    }
    return { ok: false, errors };
  }

  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const problems: string[] = [];
  const roots = buildTree(parser.parse(xml) as unknown, new Map(), problems);
  errors.push(...problems);
  const root = roots[0];
  if (root === undefined) {
    errors.push('no root element');
  } else {
    errors.push(...atomSemanticErrors(root));
  }
  return { ok: result.code === 0 && errors.length === 0, errors };
}

// ---------------------------------------------------------------------------
// JSON Feed 1.1 (ajv)

const JSONFEED_SCHEMA = here('./jsonfeed-1.1.schema.json');
let jsonFeedValidator: ValidateFunction | undefined;

async function getJsonFeedValidator(): Promise<ValidateFunction> {
  if (jsonFeedValidator === undefined) {
    const schema = JSON.parse(await readFile(JSONFEED_SCHEMA, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormatsModule.default(ajv);
    jsonFeedValidator = ajv.compile(schema);
  }
  return jsonFeedValidator;
}

function formatAjvError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : '';
  return `${where}: ${e.message ?? e.keyword}${params}`;
}

/**
 * Validates a JSON Feed 1.1 document: strict UTF-8 without BOM, valid JSON,
 * the JSON Schema in jsonfeed-1.1.schema.json, and unique item ids.
 */
export async function checkJsonFeed11(filePath: string): Promise<ValidationResult> {
  await assertReadable(filePath);
  const bytes = await readFile(filePath);
  const errors: string[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    errors.push('starts with a UTF-8 byte order mark (RFC 8259 section 8.1: must not)');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, errors: [...errors, 'not valid UTF-8'] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (err) {
    return { ok: false, errors: [...errors, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }

  const validate = await getJsonFeedValidator();
  if (!validate(data)) {
    errors.push(...(validate.errors ?? []).map(formatAjvError));
  }

  if (isRecord(data) && Array.isArray(data['items'])) {
    const seen = new Map<string, number>();
    data['items'].forEach((item: unknown, index: number) => {
      if (!isRecord(item) || typeof item['id'] !== 'string') return;
      const previous = seen.get(item['id']);
      if (previous !== undefined) {
        errors.push(
          `/items/${index}/id: "${item['id']}" repeats /items/${previous}/id (ids must be unique within a feed)`,
        );
      } else {
        seen.set(item['id'], index);
      }
    });
  }
  return { ok: errors.length === 0, errors };
}
