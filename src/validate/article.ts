import path from 'node:path';
import { z } from 'zod';
import { describeReceived, valueAt, type Diagnostic } from '../diagnostics.js';
import type { Article, ArticleImage, Author } from '../model.js';
import { cleanText, plainText } from '../util/xml-text.js';
import { DATE_EXPECTATION, parseInstant } from './dates.js';
import { urlize } from '../util/urlize.js';

/**
 * Raw front matter → Article, or diagnostics (pure). Every message reads
 * "expected … but received …" and carries the key and its line.
 */

/**
 * A plain-text field. Characters presswire never publishes are removed and surrounding
 * white space trimmed here, once, so every format carries the same text and a
 * title made only of control characters is "empty", not a blank headline.
 */
const text = (what = 'a non-empty string') =>
  z
    .string({ error: `expected ${what}` })
    .transform(plainText)
    .refine((value) => value.length > 0, { message: `expected ${what}` });

const date = z.string({ error: `expected ${DATE_EXPECTATION}` });

/**
 * An absolute http(s) URL, normalized by the WHATWG parser (spaces percent-encoded). Author
 * links are rendered as links by readers, so `javascript:` and `data:` are refused here.
 */
const webUrl = z.string({ error: 'expected an absolute http(s) URL' }).transform((value, context) => {
  const url = URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return url.href;
  context.addIssue({ code: 'custom', message: 'expected an absolute http(s) URL' });
  return z.NEVER;
});

/**
 * An entry id is an absolute IRI without white space (RFC 4287 §4.2.6: atom:id), e.g.
 * `tag:example.org,2018-06-12:slug`, `urn:uuid:…` or an https URL.
 */
const ID_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u;
const ID_EXPECTATION = 'an absolute IRI without spaces as id (a tag: or urn: URI, or an absolute URL)';

/** An author is a name, or a mapping; a bare name is read as `{ name }` so that errors point into the mapping. */
const authorEntry = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  z
    .object(
      {
        name: text('a non-empty author name'),
        email: z
          .string({ error: 'expected an e-mail address' })
          .transform((value) => value.trim())
          .pipe(z.email({ error: 'expected an e-mail address' }))
          .optional(),
        url: webUrl.optional(),
      },
      { error: 'expected an author name or a mapping with name, email and url' },
    )
    .strict(),
);

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
  id: text(ID_EXPECTATION)
    .refine((value) => ID_IRI.test(value), { message: `expected ${ID_EXPECTATION}` })
    .optional(),
  authors: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(authorEntry, { error: 'expected an author name or a list of authors' }),
    )
    .optional(),
  section: text('a section name').optional(),
  tags: z.array(text('a tag'), { error: 'expected a list of tags' }).optional(),
  image: z
    .object(
      {
        src: text('an image path relative to the article file'),
        alt: text('a non-empty alt text'),
        caption: text('a caption').optional(),
        credit: text('a credit').optional(),
        // Rights fields written into the renditions (docs/article-format.md, "Image rights").
        creator: text("the photographer's name").optional(),
        copyright: text('a copyright notice').optional(),
        license: webUrl.optional(),
      },
      { error: 'expected a mapping with src, alt, caption, credit, creator, copyright and license' },
    )
    .strict()
    .optional(),
  corrections: z
    .array(
      z
        .object({ date, text: text('the correction text') }, { error: 'expected a mapping with date and text' })
        .strict(),
      { error: 'expected a list of corrections' },
    )
    .optional(),
  status: z
    .enum(['published', 'draft', 'withdrawn'], { error: 'expected one of published, draft, withdrawn' })
    .optional(),
  embargo: date.optional(),
  withdrawn: date.optional(),
});

const KNOWN_KEYS = new Set(Object.keys(frontMatterSchema.shape));

/**
 * What the front matter of another platform maps to (validate/dialects/): the same keys, a
 * lead image whose alt may be missing (the mapper has warned; the figure gets `alt=""`), and
 * what presswire's own dialect has no key for.
 */
const foreignSchema = frontMatterSchema.extend({
  image: frontMatterSchema.shape.image
    .unwrap()
    .extend({ alt: z.string().transform(plainText) })
    .optional(),
  /** `permalink` (Jekyll, Eleventy) or `url` (Hugo): the path the site publishes the post at. */
  permalink: z.string().optional(),
  /** Hugo's `expiryDate`: the entry is withdrawn from then on. */
  expires: date.optional(),
  /** The post's categories, for `:categories` in a permalink pattern. */
  categories: z.array(z.string()).optional(),
});

export interface ArticleSource {
  /** Path relative to the articles root, POSIX separators. */
  sourcePath: string;
  /** Display path for diagnostics. */
  displayPath: string;
  data: Record<string, unknown>;
  body: string;
  /** 1-based file line where the body starts (for diagnostics about the body). */
  bodyLine?: number;
  lineOf(key: string): number | undefined;
  /** Whether site-root image paths are allowed (a `static` folder is configured). */
  siteRoot?: boolean;
  /** The platform the front matter was written for (validate/dialects/); absent: presswire's own. */
  dialect?: string;
  /** The key as written, for a presswire key (a Hugo post's `lastmod` for `updated`). */
  writtenKey?(key: string): string;
  /** IANA time zone times without an offset are read in (other platforms' front matter only). */
  timeZone?: string;
}

export interface ValidationResult {
  article?: Article;
  diagnostics: Diagnostic[];
}

/**
 * The front matter's first line (after the opening `---`): where a missing key is reported,
 * since it has no line of its own.
 */
const FRONT_MATTER_FIRST_LINE = 2;

/** The key's line; for a key that is not there, its nearest written parent's, else the front matter's first line. */
function lineFor(source: ArticleSource, key: string): number | undefined {
  const parts = key === '' ? [] : key.split('.');
  for (let length = parts.length; length > 0; length--) {
    const line = source.lineOf(parts.slice(0, length).join('.'));
    if (line !== undefined) return line;
  }
  return FRONT_MATTER_FIRST_LINE;
}

export function validateArticle(source: ArticleSource): ValidationResult {
  const { data } = source;
  const diagnostics: Diagnostic[] = [];
  const foreign = source.dialect !== undefined && source.dialect !== 'presswire';
  const report = reporterFor(source, diagnostics);

  if (!foreign) warnUnknownKeys(data, report);
  const parsed = (foreign ? foreignSchema : frontMatterSchema).safeParse(data) as ReturnType<
    typeof foreignSchema.safeParse
  >;
  if (!parsed.success) {
    reportSchemaIssues(parsed.error.issues, data, report);
    return { diagnostics };
  }
  const fm = parsed.data;

  const times = readTimes(fm, foreign ? (source.timeZone ?? 'UTC') : undefined, report);
  const { published } = times;
  if (published !== undefined) checkTimeOrder(fm, { ...times, published }, report);
  const image = fm.image ? resolveImage(source, fm.image, report) : undefined;
  const slug = fm.slug ?? defaultSlug(source.sourcePath);
  if (slug === '') {
    report.error(
      'slug',
      `expected a slug (the file name gives none: it has no letters or digits a URL can carry) but received ${describeReceived(fm.slug)}`,
    );
  }

  if (diagnostics.some((d) => d.severity === 'error') || published === undefined) return { diagnostics };
  return { article: assembleArticle(source, fm, { ...times, published }, slug, image), diagnostics };
}

type FrontMatter = z.infer<typeof foreignSchema>;

/** Where a diagnostic about a key goes: the key as written and its line, in this article's file. */
interface Reporter {
  warning(key: string, message: string): void;
  error(key: string, message: string): void;
}

function reporterFor(source: ArticleSource, diagnostics: Diagnostic[]): Reporter {
  const at = (key: string): Pick<Diagnostic, 'file' | 'line' | 'key'> => {
    const written = source.writtenKey ? source.writtenKey(key) : key;
    const line = lineFor(source, written);
    return { file: source.displayPath, key: written, ...(line === undefined ? {} : { line }) };
  };
  return {
    warning: (key, message) => diagnostics.push({ severity: 'warning', ...at(key), message }),
    error: (key, message) => diagnostics.push({ severity: 'error', ...at(key), message }),
  };
}

/** presswire's own front matter: a key it does not know is ignored, with a warning naming the known ones. */
function warnUnknownKeys(data: Record<string, unknown>, report: Reporter): void {
  for (const key of Object.keys(data)) {
    if (!KNOWN_KEYS.has(key)) report.warning(key, `unknown key, ignored (known keys: ${[...KNOWN_KEYS].join(', ')})`);
  }
}

function reportSchemaIssues(
  issues: readonly z.core.$ZodIssue[],
  data: Record<string, unknown>,
  report: Reporter,
): void {
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const unknown of issue.keys)
        report.error(key ? `${key}.${unknown}` : unknown, `unknown key (expected only the documented keys)`);
      continue;
    }
    report.error(key, `${issue.message} but received ${describeReceived(valueAt(data, issue.path))}`);
  }
}

interface ArticleTimes {
  published: number | undefined;
  updated: number | undefined;
  embargo: number | undefined;
  expires: number | undefined;
  withdrawn: number | undefined;
  corrections: { date: number | undefined; text: string }[];
}

/** Every time of the front matter as an instant; one that does not parse is reported and left undefined. */
function readTimes(fm: FrontMatter, timeZone: string | undefined, report: Reporter): ArticleTimes {
  const instant = (key: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const result = parseInstant(value, timeZone);
    if (result.ok) return result.ms;
    report.error(key, `${result.reason} but received ${describeReceived(value)}`);
    return undefined;
  };
  return {
    published: instant('published', fm.published),
    updated: instant('updated', fm.updated),
    embargo: instant('embargo', fm.embargo),
    expires: instant('expires', fm.expires),
    withdrawn: instant('withdrawn', fm.withdrawn),
    corrections: (fm.corrections ?? []).map((correction, index) => ({
      date: instant(`corrections.${index}.date`, correction.date),
      text: correction.text,
    })),
  };
}

/** Neither an update nor a correction may come before the publication. */
function checkTimeOrder(fm: FrontMatter, times: ArticleTimes & { published: number }, report: Reporter): void {
  const { published, updated, corrections } = times;
  if (updated !== undefined && updated < published) {
    report.error(
      'updated',
      `expected a time at or after published (${fm.published}) but received ${describeReceived(fm.updated)}`,
    );
  }
  corrections.forEach((correction, index) => {
    if (correction.date !== undefined && correction.date < published) {
      report.error(
        `corrections.${index}.date`,
        `expected a correction dated at or after published (${fm.published}) but received ${describeReceived(fm.corrections?.[index]?.date)}`,
      );
    }
  });
}

/** The lead image, its file resolved from the article's folder (or the site root); a bad path is reported. */
function resolveImage(
  source: ArticleSource,
  image: NonNullable<FrontMatter['image']>,
  report: Reporter,
): ArticleImage | undefined {
  const resolved = resolveArticleAsset(source.sourcePath, image.src, source.siteRoot);
  if (!resolved.ok) {
    report.error('image.src', `${resolved.reason} but received ${describeReceived(image.src)}`);
    return undefined;
  }
  return {
    source: resolved.path,
    alt: image.alt,
    ...(image.caption ? { caption: image.caption } : {}),
    ...(image.credit ? { credit: image.credit } : {}),
    ...(image.creator ? { creator: image.creator } : {}),
    ...(image.copyright ? { copyright: image.copyright } : {}),
    ...(image.license ? { license: image.license } : {}),
  };
}

function assembleArticle(
  source: ArticleSource,
  fm: FrontMatter,
  times: ArticleTimes & { published: number },
  slug: string,
  image: ArticleImage | undefined,
): Article {
  const { published, updated, embargo, expires, withdrawn, corrections } = times;
  return {
    sourcePath: source.sourcePath,
    title: fm.title,
    ...(fm.dek ? { dek: fm.dek } : {}),
    published,
    ...(updated === undefined ? {} : { updated }),
    slug,
    ...(fm.id ? { id: fm.id } : {}),
    authors: normalizeAuthors(fm.authors),
    ...(fm.section ? { section: fm.section } : {}),
    tags: fm.tags ?? [],
    ...(image ? { image } : {}),
    corrections: corrections
      .filter((c): c is { date: number; text: string } => c.date !== undefined)
      .sort((a, b) => a.date - b.date),
    status: fm.status ?? 'published',
    ...(embargo === undefined ? {} : { embargo }),
    ...(expires === undefined ? {} : { expires }),
    ...(fm.permalink ? { permalink: fm.permalink } : {}),
    ...(fm.categories?.length ? { categories: fm.categories } : {}),
    ...(withdrawn === undefined ? {} : { withdrawn }),
    // Markdown is untrusted too: what no feed may carry is removed before it is parsed.
    body: cleanText(source.body),
  };
}

function normalizeAuthors(authors: z.infer<typeof frontMatterSchema>['authors']): Author[] {
  return (authors ?? []).map((author) => ({
    name: author.name,
    ...(author.email ? { email: author.email } : {}),
    ...(author.url ? { url: author.url } : {}),
  }));
}

/** The file name without `.md` (or `.markdown`), lowercased, as a slug. */
export function defaultSlug(sourcePath: string): string {
  return urlize(path.posix.basename(sourcePath).replace(/\.(?:md|markdown)$/, ''));
}

export type AssetPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolve a path written in an article (relative to the article file) to a path relative
 * to the articles root, refusing anything that leaves it (SPEC §1). The reference
 * is a URL path, as Markdown writes it: `?query` and `#fragment` are not part of the file
 * name, and %-escapes are decoded once, so `%2e%2e/` is `../` and is refused like it.
 * Symbolic links are checked where the file is opened (images/), since that needs the
 * file system.
 */
export function resolveArticleAsset(articlePath: string, reference: string, siteRoot = false): AssetPath {
  const written = reference.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//')) {
    return {
      ok: false,
      reason:
        'expected a local image file, relative to the article file (a remote or data: image cannot be measured or renditioned; remote https images may be used in the body)',
    };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(written.replace(/[?#].*$/s, ''));
  } catch {
    return { ok: false, reason: 'expected a path without broken %-escapes' };
  }
  // eslint-disable-next-line no-control-regex -- a NUL or control character in a file name is an attack, not a typo
  if (/[\u0000-\u001F\u007F]/.test(decoded)) {
    return { ok: false, reason: 'expected a path without control characters' };
  }
  if (siteRoot && decoded.startsWith('/') && !decoded.startsWith('//')) return resolveSiteRootAsset(decoded);
  if (decoded.startsWith('/') || decoded.startsWith('\\') || /^[a-z]:/i.test(decoded)) {
    return { ok: false, reason: 'expected a path relative to the article file, not an absolute path' };
  }
  const slashed = decoded.replace(/\\/g, '/');
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(articlePath), slashed));
  if (joined === '..' || joined.startsWith('../')) {
    return { ok: false, reason: 'expected a path that stays inside the articles folder' };
  }
  const name = slashed.split('/').pop() ?? '';
  if (name === '' || name === '.' || name === '..') {
    return { ok: false, reason: 'expected the path of an image file' };
  }
  return { ok: true, path: joined };
}

/**
 * A site-root path (`/assets/img/x.jpg`) as the images stage names it: `/` and the path
 * inside the `static` folder, which it must not leave (images/ strips the site's own path
 * and checks symbolic links, which needs the file system).
 */
function resolveSiteRootAsset(decoded: string): AssetPath {
  const slashed = decoded.replace(/\\/g, '/');
  const inside = path.posix.normalize(slashed.replace(/^\/+/, ''));
  if (inside === '..' || inside.startsWith('../')) {
    return { ok: false, reason: 'expected a site-root path that stays inside the static folder' };
  }
  const name = slashed.split('/').pop() ?? '';
  if (name === '' || name === '.' || name === '..' || inside === '.') {
    return { ok: false, reason: 'expected the path of an image file' };
  }
  return { ok: true, path: `/${inside}` };
}

/**
 * The file line of the first place `reference` is written in the body (for diagnostics
 * about body images and links), else the body's first line. `bodyLine` is the line the
 * body starts on; lines end at LF, CRLF or a lone CR, as in the front-matter reader.
 */
export function lineInBody(body: string, bodyLine: number, reference: string): number {
  const at = reference === '' ? -1 : body.indexOf(reference);
  if (at < 0) return bodyLine;
  const before = body.slice(0, at);
  return bodyLine + (before.match(/\r\n|\n|\r/g)?.length ?? 0);
}
