import type { Diagnostic } from '../diagnostics.js';
import { articleLinkResolver, unresolvedLinkWarnings } from '../render/templates/links.js';
import type { Candidate } from './syndication.js';

/**
 * Links written with template syntax (render/templates/links.ts) go to syndicated articles
 * only (pure): the resolver every entry's content uses, and a warning for each link whose
 * article presswire does not publish.
 */
export function resolveArticleLinks(candidates: readonly Candidate[]): {
  linkTarget: (target: string) => string | undefined;
  diagnostics: Diagnostic[];
} {
  const linkTarget = articleLinkResolver(candidates.map((c) => ({ sourcePath: c.article.sourcePath, url: c.url })));
  const linking = candidates.flatMap((c) =>
    c.prepared.body?.links ? [{ displayPath: c.displayPath, links: c.prepared.body.links }] : [],
  );
  return { linkTarget, diagnostics: unresolvedLinkWarnings(linking, linkTarget) };
}
