import type { Diagnostic } from '../diagnostics.js';
import type { ArticleSource } from '../validate/article.js';
import { mapFrontMatter, type AdoptionSettings } from '../validate/dialects/map.js';
import type { Dialect } from '../validate/dialects/table.js';
import type { FrontMatterFormat } from './front-matter.js';

/**
 * A parsed article file as presswire's validator reads it (pure): the front matter of
 * another platform mapped onto presswire's keys, its diagnostics placed on the file and
 * the line the author wrote.
 */
export function readDialect(
  source: ArticleSource,
  format: FrontMatterFormat | undefined,
  adoption: AdoptionSettings,
): { source: ArticleSource; dialect: Dialect; diagnostics: Diagnostic[] } {
  const mapped = mapFrontMatter(
    { data: source.data, body: source.body, sourcePath: source.sourcePath, ...(format ? { format } : {}) },
    adoption,
  );
  const diagnostics = mapped.diagnostics.map((d): Diagnostic => {
    const line = d.key === undefined ? undefined : source.lineOf(d.key);
    return { ...d, file: source.displayPath, ...(line === undefined ? {} : { line }) };
  });
  return {
    source: {
      ...source,
      data: mapped.data,
      dialect: mapped.dialect,
      writtenKey: mapped.writtenKey,
      timeZone: adoption.timezone,
    },
    dialect: mapped.dialect,
    diagnostics,
  };
}
