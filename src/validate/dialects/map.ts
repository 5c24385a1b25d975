import type { Diagnostic } from '../../diagnostics.js';
import {
  CATEGORY_KEYS,
  DIALECTS,
  FIELD_KEYS,
  IGNORED_KEYS,
  PRESSWIRE_SIGNATURE_KEYS,
  SIGNATURE_KEYS,
  TAG_KEYS,
  type Dialect,
  type ForeignDialect,
  type MappedField,
} from './table.js';
import { urlize } from '../../util/urlize.js';

/**
 * The front matter of Jekyll, Hugo, Eleventy and Astro posts → presswire's article keys
 * (pure; docs/adopting.md, "Adopting presswire on an existing site"). The validator then reads the
 * result as it reads presswire's own dialect, so every check and every message stays one;
 * `writtenKey` turns a presswire key back into the key the author wrote, for diagnostics.
 */

export type DialectSetting = Dialect | 'auto';

/** One entry of a site's author data file (Jekyll `_data/authors.yml`, Hugo `data/authors.*`). */
export interface AuthorRecord {
  name?: string;
  email?: string;
  url?: string;
}

/** What the mapping needs from the configuration (serializable: it travels to worker threads). */
export interface AdoptionSettings {
  dialect: DialectSetting;
  /** House keys: presswire field → the key this site writes it under (`{"dek": "standfirst"}`). */
  fields: Record<string, string>;
  /** Which list names the section: `categories` (Jekyll's and Hugo's habit) or `tags`. */
  section: 'categories' | 'tags';
  /** IANA time zone that times without an offset are read in. */
  timezone: string;
  /** The site's author data file, by author key. */
  authors?: Record<string, AuthorRecord>;
}

export const DEFAULT_ADOPTION: AdoptionSettings = {
  dialect: 'auto',
  fields: {},
  section: 'categories',
  timezone: 'UTC',
};

export interface FrontMatterInput {
  data: Record<string, unknown>;
  body: string;
  format?: 'yaml' | 'toml' | 'json';
  /** Path relative to the articles root (Jekyll's file name carries the date and the slug). */
  sourcePath: string;
}

export interface MappedFrontMatter {
  dialect: Dialect;
  /** presswire's keys; for other dialects also `permalink`, `expires` and `categories`. */
  data: Record<string, unknown>;
  /** The key as the author wrote it, for a (dotted) presswire key. */
  writtenKey(key: string): string;
  /** Warnings about the mapping, with the written key. */
  diagnostics: Pick<Diagnostic, 'severity' | 'key' | 'message'>[];
}

/** `2014-03-12-slug`: Jekyll's (and Eleventy's) date in the file name. */
const DATED_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;
const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
/** Jekyll's and Hugo's excerpt separator. */
const MORE = /<!--\s*more\s*-->/i;

export function mapFrontMatter(input: FrontMatterInput, settings: AdoptionSettings): MappedFrontMatter {
  const dialect = settings.dialect === 'auto' ? detectDialect(input) : settings.dialect;
  if (dialect === 'presswire') {
    const data = withHouseKeys(input.data, settings.fields);
    const renamed = invert(settings.fields, input.data);
    return { dialect, data, writtenKey: (key) => rewriteHead(key, renamed), diagnostics: [] };
  }
  // House keys come first in each field's list of keys (`take` below).
  return mapForeign(input, dialect, settings);
}

/** `auto`: the platform a file's front matter was written for, from what it carries. */
export function detectDialect(input: Pick<FrontMatterInput, 'data' | 'format' | 'sourcePath'>): Dialect {
  const { data } = input;
  const has = (key: string) => data[key] !== undefined;
  if (input.format === 'toml') return 'hugo';
  const presswireDate = typeof data['published'] === 'string' && !has('date');
  if (presswireDate || (has('published') && PRESSWIRE_SIGNATURE_KEYS.some(has))) return 'presswire';
  for (const dialect of ['astro', 'hugo', 'eleventy', 'jekyll'] as const) {
    if (SIGNATURE_KEYS[dialect].some(has)) return dialect;
  }
  if (DATED_NAME.test(baseName(input.sourcePath))) return 'jekyll';
  if (input.format === 'json') return 'hugo';
  if (has('date') || data['published'] === false || has('draft')) return 'jekyll';
  return 'presswire';
}

function mapForeign(input: FrontMatterInput, dialect: ForeignDialect, settings: AdoptionSettings): MappedFrontMatter {
  const { data } = input;
  const mapping = startMapping(data, dialect, settings);
  const { out, written, used, diagnostics, take } = mapping;
  const named = DATED_NAME.exec(baseName(input.sourcePath));
  mapTitleAndDates(mapping, input, dialect, named);
  mapDekAndAuthors(mapping, input, settings);
  // An explicit id (rare outside presswire) still wins over ids.scheme.
  if (typeof data['id'] === 'string') {
    used.add('id');
    out['id'] = data['id'];
  }
  mapStatus(data, dialect, out, written, used);
  mapFiling(data, dialect, settings, out, written, used);
  mapImage(take('image'), data, out, written, used, diagnostics);
  // Hugo's `:slug` is the slug, else the title (gohugo.io "URL management"); Jekyll's `:title` the file's slug.
  // Asked for only when the front matter has no slug: most articles that have one never pay for it.
  const fallbackSlug = (): string | undefined => {
    const fromTitle = dialect === 'hugo' && typeof out['title'] === 'string' ? urlize(out['title']) : '';
    return fromTitle !== '' ? fromTitle : (named?.[2] ?? bundleName(input.sourcePath));
  };
  mapLink(take('slug'), take('permalink'), fallbackSlug, out, written, diagnostics);
  if (dialect === 'astro') {
    for (const field of ['published', 'updated'] as const) out[field] = englishDate(out[field]);
  }
  warnUnreadKeys(mapping, dialect);
  return { dialect, data: out, writtenKey: (key) => writtenKeyOf(key, data, written), diagnostics };
}

type Found = { key: string; value: unknown } | undefined;

/** One mapping under way: the keys read so far and where each presswire key came from. */
interface Mapping {
  data: Record<string, unknown>;
  out: Record<string, unknown>;
  /** presswire key → written key. */
  written: Map<string, string>;
  /** Written keys read (present or not), which are therefore not unknown. */
  used: Set<string>;
  diagnostics: MappedFrontMatter['diagnostics'];
  /** Whether a key holds a value (not missing, null or empty). */
  present(key: string): boolean;
  /** The first of a field's keys holding a value, house keys first; every one of them counts as read. */
  take(field: MappedField): Found;
  /** Sets a presswire key from what take found. */
  put(field: string, found: Found): void;
}

function startMapping(data: Record<string, unknown>, dialect: ForeignDialect, settings: AdoptionSettings): Mapping {
  const out: Record<string, unknown> = {};
  const written = new Map<string, string>();
  const used = new Set<string>();
  const present = (key: string) => data[key] !== undefined && data[key] !== null && data[key] !== '';
  const take = (field: MappedField): Found => {
    const keys = [...(settings.fields[field] ? [settings.fields[field]] : []), ...FIELD_KEYS[field][dialect]];
    let found: Found;
    for (const key of keys) {
      if (data[key] === undefined) continue;
      used.add(key);
      if (!found && present(key)) found = { key, value: data[key] };
    }
    return found;
  };
  const put = (field: string, found: Found) => {
    if (!found) return;
    out[field] = found.value;
    written.set(field, found.key);
  };
  return { data, out, written, used, diagnostics: [], present, take, put };
}

function mapTitleAndDates(
  mapping: Mapping,
  input: FrontMatterInput,
  dialect: ForeignDialect,
  named: RegExpExecArray | null,
): void {
  const { data, out, written, used, present, take, put } = mapping;
  const title = take('title');
  put('title', title);
  // Jekyll: "the post's title defaults to its file name".
  if (!title && dialect === 'jekyll') out['title'] = titleFromName(named?.[2] ?? baseName(input.sourcePath));

  const published = take('published');
  put('published', published);
  if (!published && named) {
    out['published'] = named[1];
    written.set('published', 'date (from the file name)');
  }
  if (dialect === 'hugo' && published?.key !== 'publishDate' && present('publishDate')) {
    // Hugo publishes a page no earlier than its publishDate.
    used.add('publishDate');
    put('embargo', { key: 'publishDate', value: data['publishDate'] });
  }
  put('updated', take('updated'));
}

function mapDekAndAuthors(mapping: Mapping, input: FrontMatterInput, settings: AdoptionSettings): void {
  const { out, written, take, put } = mapping;
  const dek = take('dek');
  put('dek', dek);
  if (!dek) {
    const above = excerptAbove(input.body);
    if (above) out['dek'] = above;
  }
  const authors = take('authors');
  if (authors) {
    out['authors'] = resolveAuthors(authors.value, settings.authors);
    written.set('authors', authors.key);
  }
}

/** A warning for each written key the mapping did not read and the platform's own ignored keys do not name. */
function warnUnreadKeys(mapping: Mapping, dialect: ForeignDialect): void {
  const { data, out, written, used, diagnostics } = mapping;
  const ignored = new Set(IGNORED_KEYS[dialect]);
  const unread = Object.keys(data).filter((key) => !used.has(key) && !ignored.has(key));
  if (unread.length === 0) return;
  const known = Object.keys(out)
    .map((key) => written.get(key) ?? key)
    .filter((key) => !key.includes(' '));
  const keysRead = [...new Set(known)].join(', ') || 'none';
  for (const key of unread) {
    diagnostics.push({
      severity: 'warning',
      key,
      message: `unknown key, ignored (read as a ${dialect} post; keys read: ${keysRead})`,
    });
  }
}

/** The key as the author wrote it, for a (dotted) presswire key. */
function writtenKeyOf(key: string, data: Record<string, unknown>, written: ReadonlyMap<string, string>): string {
  const head = headOf(key);
  const original = written.get(head);
  if (original === undefined) return key;
  // A lead image written as a plain path: every image.* key is that one key.
  const value = data[original];
  if (head === 'image' && (typeof value !== 'object' || Array.isArray(value))) return original;
  return original + key.slice(head.length);
}

function mapStatus(
  data: Record<string, unknown>,
  dialect: ForeignDialect,
  out: Record<string, unknown>,
  written: Map<string, string>,
  used: Set<string>,
): void {
  if (data['draft'] !== undefined) used.add('draft');
  if (data['draft'] === true) {
    out['status'] = 'draft';
    written.set('status', 'draft');
  }
  // Jekyll: `published: false` keeps a post off the site.
  if (data['published'] === false || data['published'] === true) {
    used.add('published');
    if (data['published'] === false) {
      out['status'] = 'draft';
      written.set('status', 'published');
    }
  }
  if (data['expiryDate'] !== undefined && dialect === 'hugo') {
    // Hugo: an expired page is no longer published; presswire withdraws its entry.
    used.add('expiryDate');
    out['expires'] = data['expiryDate'];
    written.set('expires', 'expiryDate');
  }
}

function mapFiling(
  data: Record<string, unknown>,
  dialect: ForeignDialect,
  settings: AdoptionSettings,
  out: Record<string, unknown>,
  written: Map<string, string>,
  used: Set<string>,
): void {
  const list = (keys: readonly string[]): { key: string; values: string[] } | undefined => {
    for (const key of keys) {
      const value = data[key];
      if (value === undefined || value === null) continue;
      used.add(key);
      // Jekyll reads `categories: news world` as two categories.
      if (typeof value === 'string') return { key, values: dialect === 'jekyll' ? value.split(/\s+/) : [value] };
      if (Array.isArray(value)) return { key, values: value.filter((v) => v !== null).map((v) => String(v)) };
      return { key, values: [String(value)] };
    }
    return undefined;
  };
  const categories = list(CATEGORY_KEYS);
  const tags = list(TAG_KEYS);
  const cleaned = (values: string[] | undefined) => (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
  const [sectionList, otherList] = settings.section === 'tags' ? [tags, categories] : [categories, tags];
  const sectionValues = cleaned(sectionList?.values);
  if (sectionValues[0] !== undefined && sectionList) {
    out['section'] = sectionValues[0];
    written.set('section', sectionList.key);
  }
  const rest = [...new Set([...sectionValues.slice(1), ...cleaned(otherList?.values)])];
  if (rest.length > 0) {
    out['tags'] = rest;
    written.set('tags', (otherList ?? sectionList)?.key ?? 'tags');
  }
  if (categories) out['categories'] = cleaned(categories.values);
}

function mapImage(
  found: { key: string; value: unknown } | undefined,
  data: Record<string, unknown>,
  out: Record<string, unknown>,
  written: Map<string, string>,
  used: Set<string>,
  diagnostics: MappedFrontMatter['diagnostics'],
): void {
  if (!found) return;
  let value = found.value;
  // Hugo's `images: [...]`: the first is the page's image.
  if (Array.isArray(value)) value = value[0];
  let image: Record<string, unknown>;
  if (typeof value === 'string') {
    image = { src: value };
    for (const key of ['image_alt', 'imageAlt', 'heroImageAlt', 'alt']) {
      if (typeof data[key] === 'string') {
        used.add(key);
        image['alt'] = data[key];
        break;
      }
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    image = {
      src: record['path'] ?? record['src'] ?? record['url'] ?? record['image'],
      ...(record['alt'] === undefined ? {} : { alt: record['alt'] }),
      ...(record['caption'] === undefined ? {} : { caption: record['caption'] }),
      ...(record['credit'] === undefined ? {} : { credit: record['credit'] }),
    };
  } else {
    out['image'] = value;
    written.set('image', found.key);
    return;
  }
  if (typeof image['alt'] !== 'string' || image['alt'].trim() === '') {
    diagnostics.push({
      severity: 'warning',
      key: typeof found.value === 'object' && !Array.isArray(found.value) ? `${found.key}.alt` : found.key,
      message:
        'expected an alt text for the lead image but received nothing; the figure is published with an empty alt (screen readers skip it), write one to describe the picture',
    });
    image['alt'] = '';
  }
  out['image'] = image;
  written.set('image', found.key);
}

function mapLink(
  slug: { key: string; value: unknown } | undefined,
  permalink: { key: string; value: unknown } | undefined,
  fallbackSlug: () => string | undefined,
  out: Record<string, unknown>,
  written: Map<string, string>,
  diagnostics: MappedFrontMatter['diagnostics'],
): void {
  if (slug) {
    // Hugo and Jekyll take a slug as written; presswire's are lowercase, so it is made one.
    out['slug'] = typeof slug.value === 'string' && !SLUG.test(slug.value) ? urlize(slug.value) : slug.value;
    written.set('slug', slug.key);
  } else {
    const fallback = fallbackSlug();
    if (fallback !== undefined) {
      out['slug'] = urlize(fallback);
      written.set('slug', 'slug (from the file name or title)');
    }
  }
  if (!permalink) return;
  const value = permalink.value;
  if (typeof value === 'string' && !/\{\{|\{%/.test(value)) {
    out['permalink'] = value;
    written.set('permalink', permalink.key);
    return;
  }
  diagnostics.push({
    severity: 'warning',
    key: permalink.key,
    message: `expected a path (such as /2014/03/12/title/) but received ${typeof value === 'string' ? 'a template' : JSON.stringify(value)}; the article's URL follows feeds.articlePath instead`,
  });
}

/** Author names, mappings, or keys of the site's author data file → presswire's authors. */
function resolveAuthors(value: unknown, data: Record<string, AuthorRecord> | undefined): unknown {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === 'string') {
      const record = data?.[item];
      return record?.name ? { ...record, name: record.name } : item;
    }
    if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const url = record['url'] ?? record['uri'] ?? record['link'] ?? record['website'];
      return {
        name: record['name'] ?? record['display_name'],
        ...(record['email'] === undefined ? {} : { email: record['email'] }),
        ...(url === undefined ? {} : { url }),
      };
    }
    return item;
  });
}

/** The Markdown above `<!-- more -->` as plain text (a summary is text, not markup). */
export function excerptAbove(body: string): string | undefined {
  const at = body.search(MORE);
  if (at < 0) return undefined;
  const text = body
    .slice(0, at)
    .replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}|>)\s*/gm, '')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}

function withHouseKeys(data: Record<string, unknown>, fields: Record<string, string>): Record<string, unknown> {
  const entries = Object.entries(fields);
  if (entries.length === 0) return data;
  const out = { ...data };
  for (const [field, key] of entries) {
    if (out[key] === undefined || field === key) continue;
    if (out[field] === undefined) out[field] = out[key];
    delete out[key];
  }
  return out;
}

/** presswire field → the house key it was read from, for the fields this file wrote that way. */
function invert(fields: Record<string, string>, data: Record<string, unknown>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [field, key] of Object.entries(fields))
    if (data[key] !== undefined && data[field] === undefined) map.set(field, key);
  return map;
}

function rewriteHead(key: string, renamed: Map<string, string>): string {
  const head = headOf(key);
  const original = renamed.get(head);
  return original === undefined ? key : original + key.slice(head.length);
}

/** A dotted key's first part (`image` of `image.src`). */
function headOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}

function baseName(sourcePath: string): string {
  return (sourcePath.split('/').pop() ?? sourcePath).replace(/\.(?:md|markdown)$/i, '');
}

/** A page bundle's `index.md` (Hugo, Eleventy) is named by its folder. */
function bundleName(sourcePath: string): string | undefined {
  const parts = sourcePath.split('/');
  const name = baseName(sourcePath);
  return (name === 'index' || name === '_index') && parts.length > 1 ? parts[parts.length - 2] : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Astro's blog template writes `pubDate: 'Jul 08 2022'` (read by `z.coerce.date()`): that
 * English form is turned into an ISO date; anything else is left for the date checks.
 */
function englishDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(value.trim());
  const month = match ? MONTHS.indexOf((match[1] ?? '').toLowerCase()) : -1;
  if (!match || month < 0) return value;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${(match[2] ?? '').padStart(2, '0')}`;
}

function titleFromName(name: string): string {
  return name
    .split(/[-_]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export function isDialectSetting(value: string): value is DialectSetting {
  return value === 'auto' || (DIALECTS as readonly string[]).includes(value);
}
