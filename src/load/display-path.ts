import path from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { staticDisplayPath } from '../images/site-root.js';

/**
 * How a build names files in its messages: relative to the working folder, as a user typed
 * them. Source paths are clean relative POSIX paths (load/discover.ts), so one join per
 * build, not one path.relative per article (10,000 of them on every rebuild).
 */
export interface DisplayPaths {
  /** The articles folder as shown in messages ("." when it is the working folder). */
  articlesFolder: string;
  /** A source path (relative to articles/, or site-root absolute "/…") as shown in messages. */
  displayPath(sourcePath: string): string;
}

export function displayPathsFor(config: ResolvedConfig, cwd: string): DisplayPaths {
  const articlesBase = path.relative(cwd, config.articlesDir).split(path.sep).join('/');
  return {
    articlesFolder: articlesBase === '' ? '.' : articlesBase,
    displayPath: (sourcePath) =>
      sourcePath.startsWith('/') && config.staticDir !== undefined
        ? staticDisplayPath(cwd, config.staticDir, sourcePath, config.site.url)
        : articlesBase === ''
          ? sourcePath
          : `${articlesBase}/${sourcePath}`,
  };
}
