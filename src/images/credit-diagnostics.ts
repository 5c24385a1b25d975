import type { Diagnostic } from '../diagnostics.js';
import type { ImageTable } from '../model.js';
import { imageUseKey, type DeclaredRights } from './rights.js';

/**
 * What a desk should hear about the credits of one article's pictures (pure,
 * docs/article-format.md, "Image rights"): an info line for a credit read from the image file
 * because the article gave none, and a warning (an error with --strict, so a desk can enforce
 * credits) for a picture credited in neither place.
 */

export interface CreditedArticle {
  displayPath: string;
  prepared: { lines: Partial<Record<'image.src', number>> };
  imageSources: readonly { source: string; key: string; line?: number; rights: DeclaredRights }[];
}

export function creditDiagnostics(
  article: CreditedArticle,
  images: ImageTable,
  displayPath: (sourcePath: string) => string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const { source, key, line: bodyLine, rights } of article.imageSources) {
    const useKey = imageUseKey(source, rights);
    const image = images.get(useKey);
    if (!image || seen.has(useKey)) continue;
    seen.add(useKey);
    const line = key === 'image.src' ? article.prepared.lines['image.src'] : bodyLine;
    const where = { file: article.displayPath, ...(line === undefined ? {} : { line }), key };
    const credit = image.rights?.credit;
    if (credit === undefined) {
      const declare = key === 'image.src' ? '`image.credit`' : 'a credit in its title ("caption | credit")';
      diagnostics.push({
        ...where,
        severity: 'warning',
        message: `expected a credit for ${displayPath(source)} in the article (${declare}) or embedded in the image file (IPTC/XMP) but found none`,
      });
    } else if (image.creditFromSource) {
      diagnostics.push({
        ...where,
        severity: 'info',
        message: `credit ${JSON.stringify(credit)} read from the image file ${displayPath(source)}, which the article does not credit`,
      });
    }
  }
  return diagnostics;
}
