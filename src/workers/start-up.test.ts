import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A cold build starts its article threads as soon as it has found the files; what the main
 * thread must load first to start them is on the way to the first article read
 * (docs/architecture.md, "Start-up"). These follow the modules' static imports, as Node
 * loads them: `import type` is erased, every other import is loaded (verbatimModuleSyntax
 * keeps even `import { type A }` as a load).
 */

const SRC = fileURLToPath(new URL('..', import.meta.url));
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)';/gm;

/** Every module `entry` loads before it runs, its own file included: source files and packages. */
function loadedBy(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier === undefined || specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      else
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(path.join(SRC, entry));
  return { files, packages };
}

const PARSERS = ['marked', 'sanitize-html', 'htmlparser2', 'yaml', 'smol-toml', 'zod'];

describe('starting the article threads', () => {
  it('loads no parser or renderer on the main thread: workers/pool.ts reaches none of them', () => {
    const { files, packages } = loadedBy('workers/pool.ts');
    expect([...packages].filter((name) => PARSERS.includes(name))).toEqual([]);
    expect([...files].map((file) => path.relative(SRC, file)).sort()).toEqual(
      ['workers/pool.ts', 'workers/prepare-task.ts', 'workers/start-pool.ts', 'render/time-limit.ts'].sort(),
    );
  });

  it('the work the threads do loads them all (so the walk above does find them)', () => {
    const { packages } = loadedBy('workers/tasks.ts');
    expect(PARSERS.filter((name) => packages.has(name))).toEqual(PARSERS);
  });
});
