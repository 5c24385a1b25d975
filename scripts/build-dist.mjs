// Builds dist/, what `bin/presswire.js` runs (`npm ci` runs it through the `prepare`
// script): the CLI and its worker-thread entry points, bundled by esbuild with their
// dependencies into a few ES modules. Start-up is part of every rebuild: loaded
// file by file, presswire and its dependencies are about 200 modules (zod alone is 94),
// resolved, read and compiled one at a time; bundled, a no-op rebuild starts about 150 ms
// sooner. Type checking stays with `npm run typecheck` (tsc); tests run the sources (tsx),
// and test/dist.e2e.test.ts checks that this bundle publishes the same bytes.
//
// Every output file lies two folders below the package root (dist/cli/, dist/workers/,
// dist/index/, dist/chunks/), as every source file does (src/<stage>/), so the paths modules compute
// from import.meta.url (the worker files, the browser-view assets, package.json) hold for both.
//
// `node scripts/build-dist.mjs FOLDER` bundles into FOLDER instead of dist/: one folder name,
// directly in the package root, for the same reason. The end-to-end tests run the CLI from
// such a bundle made afresh from src/ at the start of every run (test/support/global-setup.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = process.argv[2] ?? 'dist';
if (!/^[\w.-]+$/.test(outdir)) throw new Error(`build-dist: ${outdir}: expected one folder name in the package root`);

/**
 * sanitize-html requires htmlparser2's CommonJS build, and presswire imports its ES module
 * build: both resolve to the CommonJS one here, so the bundle holds one copy, not two.
 */
const oneHtmlparser2 = {
  name: 'one-htmlparser2',
  setup(plugin) {
    plugin.onResolve({ filter: /^htmlparser2$/ }, (args) =>
      args.kind === 'require-call'
        ? undefined
        : plugin.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer }),
    );
  },
};

/**
 * sanitize-html requires postcss when it loads, for style attributes, which presswire never
 * allows: postcss and source-map-js were a third of loading the renderers, on the main
 * thread after a correction and in every worker thread of a cold build. Here sanitize-html
 * gets postcss's `parse` through a stand-in that loads postcss on its first call, if ever.
 */
const lazyPostcss = {
  name: 'lazy-postcss',
  setup(plugin) {
    plugin.onResolve({ filter: /^postcss$/ }, (args) =>
      /[\\/]sanitize-html[\\/]/.test(args.importer)
        ? { path: 'postcss', namespace: 'lazy-postcss', pluginData: args.resolveDir }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'lazy-postcss' }, (args) => ({
      contents:
        "let postcss; module.exports = { parse: (...args) => (postcss ??= require('postcss')).parse(...args) };",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/**
 * zod's namespace object re-exports every locale it ships (`z.locales`), so a bundle that uses
 * `z` carries all 64 of them, 370 KB that the main thread and every article thread parse at
 * start-up; presswire writes its own messages (src/config/messages.ts) and zod uses English,
 * the one locale it configures itself. Here zod's list of locales holds English alone.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'english-only-zod', pluginData: args.resolveDir }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

await rm(`${root}/${outdir}`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: [
    'src/cli/main.ts',
    'src/workers/article-worker.ts',
    'src/workers/feed-worker.ts',
    'src/workers/image-worker.ts',
    // The library entry (`import { build } from 'presswire'`), in a folder of its own like the others.
    { in: 'src/index.ts', out: 'index/index' },
  ],
  outdir,
  outbase: 'src',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // Modules loaded with `await import()` (the image, schedule and serve stages, the parsers
  // a no-op rebuild never needs) stay in chunks of their own, loaded only when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // sharp loads its native binary, piscina starts its worker file by path: both stay packages.
  // jsonc-parser's main build is UMD, which loads its parts with a require() esbuild cannot
  // follow; it is read once per command (the config), so it stays a package too.
  external: ['sharp', 'piscina', 'jsonc-parser'],
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as createRequire_ } from 'node:module'; const require = createRequire_(import.meta.url);",
  },
  plugins: [oneHtmlparser2, lazyPostcss, englishOnlyZod],
  logLevel: 'warning',
});

// The library's type declarations (package.json `exports` › `types`), from the sources by
// tsc: esbuild strips types. Only into dist/, the folder that is packed.
if (outdir === 'dist') {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, stdio: 'inherit' });
}
