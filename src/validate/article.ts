import path from 'node:path';
import { z } from 'zod';
import { describeReceived, type Diagnostic } from '../diagnostics.js';
import type { Article, ArticleImage, Author } from '../model.js';
import { DATE_EXPECTATION, parseInstant } from './dates.js';

/**
 * Raw front matter → Article, or diagnostics (pure). Every message reads
 * "expected … but received …" and carries the key and its line.
 */

const text = (what = 'a non-empty string') =>
  z.string({ error: `expected ${what}` }).refine((value) => value.trim().length > 0, { message: `expected ${what}` });

const date = z.string({ error: `expected ${DATE_EXPECTATION}` });

const authorObject = z
  .object({
    name: text('a non-empty author name'),
    email: z.string({ error: 'expected an e-mail address' }).email({ error: 'expected an e-mail address' }).optional(),
    url: z.string({ error: 'expected an absolute http(s) URL' }).url({ error: 'expected an absolute http(s) URL' }).optional(),
  })
  .strict();

const authorEntry = z.union([text('an author name'), authorObject], {
  error: 'expected an author name or a mapping with name, email and url',
});

const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

const frontMatterSchema = z.object({
  title: text(),
  dek: text().optional(),
  published: date,
  updated: date.optional(),
  slug: z
    .string({ error: 'expected a slug of lowercase letters, digits and hyphens' })
    .regex(SLUG, { error: 'expected a slug of lowercase letters, digits and hyphens' })
    .optional(),
  id: text('a non-empty id (a tag: or urn: URI, or an absolute URL)').optional(),
  authors: z.union([text('an author name'), z.array(authorEntry, { error: 'expected a list of authors' })]).optional(),
  section: text('a section name').optional(),
  tags: z.array(text('a tag'), { error: 'expected a list of tags' }).optional(),
  image: z
    .object(
      {
        src: text('an image path relative to the article file'),
        alt: text('a non-empty alt text'),
        caption: text('a caption').optional(),
        credit: text('a credit').optional(),
      },
      { error: 'expected a mapping with src, alt, caption and credit' },
    )
    .strict()
    .optional(),
  corrections: z
    .array(
      z.object({ date, text: text('the correction text') }, { error: 'expected a mapping with date and text' }).strict(),
      { error: 'expected a list of corrections' },
    )
    .optional(),
  status: z.enum(['published', 'draft', 'withdrawn'], { error: 'expected one of published, draft, withdrawn' }).optional(),
  embargo: date.optional(),
});

const KNOWN_KEYS = new Set(Object.keys(frontMatterSchema.shape));

export interface ArticleSource {
  /** Path relative to the articles root, POSIX separators. */
  sourcePath: string;
  /** Display path for diagnostics. */
  displayPath: string;
  data: Record<string, unknown>;
  body: string;
  lineOf(key: string): number | undefined;
}

export interface ValidationResult {
  article?: Article;
  diagnostics: Diagnostic[];
}

export function validateArticle(source: ArticleSource): ValidationResult {
  const { data, displayPath: file } = source;
  const diagnostics: Diagnostic[] = [];
  const at = (key: string): Pick<Diagnostic, 'file' | 'line' | 'key'> => {
    const line = source.lineOf(key);
    return { file, key, ...(line === undefined ? {} : { line }) };
  };
  const error = (key: string, message: string) => diagnostics.push({ severity: 'error', ...at(key), message });

  for (const key of Object.keys(data)) {
    if (!KNOWN_KEYS.has(key)) {
      diagnostics.push({ severity: 'warning', ...at(key), message: `unknown key, ignored (known keys: ${[...KNOWN_KEYS].join(', ')})` });
    }
  }

  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const unknown of issue.keys) error(key ? `${key}.${unknown}` : unknown, `unknown key (expected only the documented keys)`);
        continue;
      }
      error(key, `${issue.message} but received ${describeReceived(valueAt(data, issue.path))}`);
    }
    return { diagnostics };
  }
  const fm = parsed.data;

  const instant = (key: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const result = parseInstant(value);
    if (result.ok) return result.ms;
    error(key, `${result.reason} but received ${describeReceived(value)}`);
    return undefined;
  };
  const published = instant('published', fm.published);
  const updated = instant('updated', fm.updated);
  const embargo = instant('embargo', fm.embargo);
  const corrections = (fm.corrections ?? []).map((correction, index) => ({
    date: instant(`corrections.${index}.date`, correction.date),
    text: correction.text.trim(),
  }));

  if (published !== undefined) {
    if (updated !== undefined && updated < published) {
      error('updated', `expected a time at or after published (${fm.published}) but received ${describeReceived(fm.updated)}`);
    }
    corrections.forEach((correction, index) => {
      if (correction.date !== undefined && correction.date < published) {
        error(`corrections.${index}.date`, `expected a correction dated at or after published (${fm.published}) but received ${describeReceived(fm.corrections?.[index]?.date)}`);
      }
    });
  }

  let image: ArticleImage | undefined;
  if (fm.image) {
    const resolved = resolveArticleAsset(source.sourcePath, fm.image.src);
    if (resolved.ok) {
      image = {
        source: resolved.path,
        alt: fm.image.alt.trim(),
        ...(fm.image.caption ? { caption: fm.image.caption.trim() } : {}),
        ...(fm.image.credit ? { credit: fm.image.credit.trim() } : {}),
      };
    } else {
      error('image.src', `${resolved.reason} but received ${describeReceived(fm.image.src)}`);
    }
  }

  if (diagnostics.some((d) => d.severity === 'error') || published === undefined) return { diagnostics };

  const article: Article = {
    sourcePath: source.sourcePath,
    title: fm.title.trim(),
    ...(fm.dek ? { dek: fm.dek.trim() } : {}),
    published,
    ...(updated === undefined ? {} : { updated }),
    slug: fm.slug ?? defaultSlug(source.sourcePath),
    ...(fm.id ? { id: fm.id.trim() } : {}),
    authors: normalizeAuthors(fm.authors),
    ...(fm.section ? { section: fm.section.trim() } : {}),
    tags: (fm.tags ?? []).map((tag) => tag.trim()),
    ...(image ? { image } : {}),
    corrections: corrections
      .filter((c): c is { date: number; text: string } => c.date !== undefined)
      .sort((a, b) => a.date - b.date),
    status: fm.status ?? 'published',
    ...(embargo === undefined ? {} : { embargo }),
    body: source.body,
  };
  return { article, diagnostics };
}

function normalizeAuthors(authors: z.infer<typeof frontMatterSchema>['authors']): Author[] {
  if (authors === undefined) return [];
  const list = typeof authors === 'string' ? [authors] : authors;
  return list.map((author) =>
    typeof author === 'string'
      ? { name: author.trim() }
      : { name: author.name.trim(), ...(author.email ? { email: author.email } : {}), ...(author.url ? { url: author.url } : {}) },
  );
}

/** The file name without `.md`, lowercased, as a slug. */
export function defaultSlug(sourcePath: string): string {
  return path.posix
    .basename(sourcePath, '.md')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export type AssetPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolve a path written in an article (relative to the article file) to a path relative
 * to the articles root, refusing anything that leaves it (SPEC §1). Symbolic links are
 * checked where the file is opened (images/), since that needs the file system.
 */
export function resolveArticleAsset(articlePath: string, reference: string): AssetPath {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('//')) {
    return { ok: false, reason: 'expected a path relative to the article file (remote images are not renditioned)' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(reference);
  } catch {
    return { ok: false, reason: 'expected a path without broken %-escapes' };
  }
  if (decoded.startsWith('/') || decoded.startsWith('\\') || /^[a-z]:/i.test(decoded)) {
    return { ok: false, reason: 'expected a path relative to the article file, not an absolute path' };
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(articlePath), decoded.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || joined === '.') {
    return { ok: false, reason: 'expected a path that stays inside the articles folder' };
  }
  return { ok: true, path: joined };
}

function valueAt(data: unknown, keyPath: readonly PropertyKey[]): unknown {
  let node: unknown = data;
  for (const part of keyPath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}
