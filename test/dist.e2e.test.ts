import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, type CliResult } from './support/cli.js';
import { snapshot } from './support/corpus.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { packPresswire } from './support/package.js';

/**
 * What users run is `bin/presswire.js`, which imports dist/: presswire bundled by esbuild
 * (scripts/build-dist.mjs). Every other end-to-end test runs a bundle made the same way at
 * the start of the run (test/support/global-setup.ts), so this one builds dist/ the way
 * `npm ci` does and checks that the bundle publishes exactly what the sources, run through
 * tsx, publish, on a newsroom that takes every path the bundle rearranges: the example
 * articles (images through sharp, the browser-view assets), and 2,000 more articles, so that
 * both kinds of worker thread start from their bundled files (article rendering from 64
 * files to read, feed serialization from 2,000 entries to write).
 */

const run = promisify(execFile);
const NOW = '2026-11-28T00:00:00Z';
const BIN = path.join(REPO_ROOT, 'bin/presswire.js');
let newsroom: Newsroom;

function runBin(args: readonly string[]): Promise<CliResult> {
  return run(process.execPath, [BIN, ...args], {
    cwd: newsroom.root,
    env: { ...process.env, PRESSWIRE_NOW: NOW },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

beforeAll(async () => {
  // dist/ as `npm ci` builds it: by the `prepare` script, which `npm pack` runs too. The
  // run's one `npm pack` (./support/package.ts) builds it, so dist/ is built once per run, and
  // never rebuilt while the packed-package tests are packing it.
  await packPresswire();
  newsroom = await makeNewsroom({ copyExample: true });
  for (let n = 0; n < 2_000; n++)
    await newsroom.write(
      `bulk/${2000 + Math.floor(n / 100)}/item-${n}.md`,
      article(
        { title: `Item ${n}`, published: new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString() },
        `Paragraph ${n} with [a link](https://example.org/${n}).\n`,
      ),
    );
}, 300_000);
afterAll(() => newsroom.remove());

describe('the bundled CLI (bin/presswire.js → dist/)', () => {
  // Two builds of 2,000 articles and the example's images: on a loaded 2-core machine they
  // took over the default minute.
  it(
    'publishes byte for byte what the sources publish, worker threads and images included',
    { timeout: 240_000 },
    async () => {
      const fromBin = await runBin(['build', '--out', 'out-bin', '--json']);
      expect(fromBin.stderr).toBe('');
      expect(fromBin.code).toBe(0);
      const finish = JSON.parse(fromBin.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
      const examples = (await readdir(path.join(REPO_ROOT, 'articles'), { recursive: true })).filter((name) =>
        name.endsWith('.md'),
      ).length;
      expect(finish).toMatchObject({ articles: 2_000 + examples, articlesParsed: 2_000 + examples });
      expect(finish.imagesEncoded).toBeGreaterThan(0);

      const fromSource = await runCli(['build', '--out', 'out-src', '--json'], {
        cwd: newsroom.root,
        env: { PRESSWIRE_NOW: NOW },
        timeoutMs: 120_000,
        fromSource: true,
      });
      expect(fromSource.code).toBe(0);
      const [bin, source] = await Promise.all([
        snapshot(path.join(newsroom.root, 'out-bin')),
        snapshot(path.join(newsroom.root, 'out-src')),
      ]);
      // The archive pages of 2,000 entries, the browser view, and the example's renditions.
      expect(Object.keys(bin)).toEqual(expect.arrayContaining(['atom.xml', 'archive/20.xml', 'feed.xsl', 'feed.css']));
      expect(Object.keys(bin).filter((name) => name.startsWith('images/')).length).toBeGreaterThan(20);
      expect(bin).toEqual(source);
    },
  );

  it('reports the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runBin(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
