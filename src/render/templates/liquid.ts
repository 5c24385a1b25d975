import type { Liquid, Template } from 'liquidjs';
import { lazyRequire } from '../../util/lazy-require.js';
import { absoluteSiteUrl, relativeSiteUrl, siteOrigin, sitePath, type TemplateSite } from './constructs.js';

/**
 * Liquid output expressions (`{{ "/about/" | relative_url }}`, `{{ site.url }}`) evaluated
 * by liquidjs, confined. liquidjs reads the expression (quoting, filter arguments,
 * whitespace control) far better than a hand-written reader; presswire allows it only:
 *   - the variables `site.url`, `site.baseurl` and `page.url` (anything else is an unknown
 *     variable: strictVariables),
 *   - the filters in ALLOWED_FILTERS (checked before rendering; no date filter, so no "now"
 *     gets into a feed),
 *   - no tags at all: only `{{ … }}` is ever parsed here; tags are read by the caller from
 *     the tokens, so include/render/layout never run and no file is ever opened (the
 *     engine also gets an empty in-memory template table instead of a file system),
 *   - bounded work (parseLimit, renderLimit, memoryLimit).
 * Loaded on first use: a presswire body carries no template syntax, and the thread that
 * renders it should not pay liquidjs's start-up (about 0.1 s).
 */

export const liquidjs = lazyRequire<typeof import('liquidjs')>('liquidjs');

const ALLOWED_FILTERS = new Set(['relative_url', 'absolute_url', 'url', 'prepend', 'append']);

/** Where filters find the site of the body being rendered (not reachable by a variable path). */
const SITE_KEY = 'presswire site';

type FilterThis = { context: { environments: unknown } };
function siteOf(self: FilterThis): string {
  return (self.context.environments as Record<string, string>)[SITE_KEY] ?? '';
}

let engine: Liquid | undefined;

/** The one confined engine of this thread. */
export function liquidEngine(): Liquid {
  if (engine) return engine;
  const created = new (liquidjs().Liquid)({
    strictVariables: true,
    strictFilters: false,
    ownPropertyOnly: true,
    templates: {},
    relativeReference: false,
    // Counted, so the same body always gives the same result: an expression longer than this
    // is refused, and no expression can build a string longer than the memory limit.
    parseLimit: 10_000,
    memoryLimit: 1_000_000,
    // A safety net only: an output expression runs no loop and takes microseconds; a tight
    // wall-clock limit would make a loaded machine drop URLs at random. The body's own render
    // time limit (render/body.ts) bounds the whole step.
    renderLimit: 5_000,
  });
  created.registerFilter('relative_url', function (this: FilterThis, value: unknown) {
    return relativeSiteUrl(String(value ?? ''), siteOf(this));
  });
  created.registerFilter('url', function (this: FilterThis, value: unknown) {
    return relativeSiteUrl(String(value ?? ''), siteOf(this));
  });
  created.registerFilter('absolute_url', function (this: FilterThis, value: unknown) {
    return absoluteSiteUrl(String(value ?? ''), siteOf(this));
  });
  engine = created;
  return created;
}

export type Evaluated = { ok: true; value: string; siteVariable: boolean } | { ok: false; reason: string };

/**
 * Results by site URL and expression: an archive writes the same few expressions
 * (`{{ site.baseurl }}`, `{{ "/about/" | relative_url }}`) in thousands of bodies, and
 * parsing and rendering one costs more than a body's Markdown. Expressions that read
 * `page` differ per article and are not kept. Bounded, like every cache of a worker.
 */
const memo = new Map<string, Evaluated>();
const MEMO_SIZE = 1_000;

/** The value of one `{{ … }}` (its inside given), or why it is not one presswire resolves. */
export function evaluateOutput(expression: string, site: TemplateSite): Evaluated {
  if (expression.includes('page')) return evaluateUncached(expression, site);
  const key = `${site.siteUrl}\n${expression}`;
  let result = memo.get(key);
  if (result === undefined) {
    result = evaluateUncached(expression, site);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(key, result);
  }
  return result;
}

function evaluateUncached(expression: string, site: TemplateSite): Evaluated {
  const { Output, UndefinedVariableError } = liquidjs();
  const engine = liquidEngine();
  let templates: Template[];
  try {
    templates = engine.parse(`{{${expression}}}`);
  } catch {
    return { ok: false, reason: 'expected a Liquid expression presswire can read' };
  }
  const output = templates[0];
  if (templates.length !== 1 || !(output instanceof Output)) {
    return { ok: false, reason: 'expected a single Liquid expression' };
  }
  const refused = output.value.filters.map((filter) => filter.name).find((name) => !ALLOWED_FILTERS.has(name));
  if (refused !== undefined) {
    return {
      ok: false,
      reason: `expected only the filters ${[...ALLOWED_FILTERS].join(', ')} but received ${refused}`,
    };
  }
  const scope = {
    site: { url: siteOrigin(site.siteUrl), baseurl: sitePath(site.siteUrl) },
    page: { url: pageUrl(site) },
    [SITE_KEY]: site.siteUrl,
  };
  try {
    const value = engine.renderSync(templates, scope) as string;
    const siteVariable = output.value.filters.length === 0 && /^\s*site\.(url|baseurl)\s*$/.test(expression);
    return { ok: true, value, siteVariable };
  } catch (error) {
    if (error instanceof UndefinedVariableError || isUndefinedVariable(error)) {
      return { ok: false, reason: 'expected only the variables site.url, site.baseurl and page.url' };
    }
    return { ok: false, reason: 'expected a Liquid expression presswire can evaluate' };
  }
}

function isUndefinedVariable(error: unknown): boolean {
  return error instanceof Error && /undefined variable/i.test(error.message);
}

/** Jekyll's `page.url`: the article's path below the site's own path. */
function pageUrl(site: TemplateSite): string {
  const base = site.siteUrl;
  return site.articleUrl.startsWith(base)
    ? `/${site.articleUrl.slice(base.length)}`
    : new URL(site.articleUrl).pathname;
}
