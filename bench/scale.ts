import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { articlePathOf, writeArticleCorpus } from './articles-corpus.js';
import { formatTable, measureNode, mib, REPO_ROOT, seconds, type Measured } from './measure.js';

/**
 * Newsroom scale (issue 8): article-only corpora, each measured in one run against its
 * floor (read + gray-matter + marked, nothing else: bench/floor.ts).
 *   cold      a first build into an empty output folder
 *   no-op     the same build again, nothing changed
 *   one       one article corrected, then built
 * Targets: cold ≤ 2.0× floor at 10,000; no-op ≤ 10% of cold at 10,000; one ≤ 1.5× no-op;
 * peak RSS at 50,000 cold ≤ 1 GiB; cold 50,000 / cold 10,000 ≤ 5.5.
 */

const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const CLI = path.join(REPO_ROOT, 'src/cli/main.ts');
const FLOOR = path.join(REPO_ROOT, 'bench/floor.ts');

export interface ScaleRow {
  articles: number;
  floor: Measured;
  cold: Measured;
  noop: Measured;
  one: Measured;
}

function check(step: string, measured: Measured): Measured {
  // Exit 0, or 1 for article warnings under --strict would be wrong here: the corpus is clean.
  if (measured.code !== 0) throw new Error(`${step} exited ${measured.code}: ${measured.stderr.slice(0, 2000)}`);
  return measured;
}

export async function runScale(sizes: readonly number[]): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    const dir = await mkdtemp(path.join(tmpdir(), `presswire-scale-${size}-`));
    try {
      const articles = await writeArticleCorpus(dir, size);
      const out = path.join(dir, 'out');
      const env = { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' };
      const build = () =>
        measureNode(['--import', TSX, CLI, 'build', '--articles', articles, '--out', out, '--json'], { cwd: dir, env });
      process.stderr.write(`scale ${size}: floor… `);
      const floor = check('floor', await measureNode(['--import', TSX, FLOOR, articles], { cwd: dir }));
      process.stderr.write('cold… ');
      const cold = check('cold', await build());
      process.stderr.write('no-op… ');
      const noop = check('no-op', await build());
      // One article corrected: the realistic change (a body edit alone would be an unannounced edit).
      const target = articlePathOf(dir, Math.floor(size / 2));
      const text = await readFile(target, 'utf8');
      await writeFile(
        target,
        text.replace(
          /\n---\n/,
          '\ncorrections:\n  - date: 2026-11-27T12:00:00Z\n    text: An earlier version of this dispatch gave the wrong district.\n---\n',
        ),
      );
      await appendFile(target, '\nThe district is Tamari, not Ousso.\n');
      process.stderr.write('one changed…\n');
      const one = check('one changed', await build());
      rows.push({ articles: size, floor, cold, noop, one });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function scaleTable(rows: readonly ScaleRow[]): string {
  const table = formatTable(
    [
      'articles',
      'floor s',
      'cold s',
      'cold/floor',
      'no-op s',
      'no-op/cold',
      'one s',
      'one/no-op',
      'RSS MiB floor/cold/no-op/one',
    ],
    rows.map((r) => [
      r.articles,
      seconds(r.floor.wallMs),
      seconds(r.cold.wallMs),
      (r.cold.wallMs / r.floor.wallMs).toFixed(2),
      seconds(r.noop.wallMs),
      `${((r.noop.wallMs / r.cold.wallMs) * 100).toFixed(1)}%`,
      seconds(r.one.wallMs),
      (r.one.wallMs / r.noop.wallMs).toFixed(2),
      [r.floor, r.cold, r.noop, r.one].map((m) => mib(m.peakRssKb)).join('/'),
    ]),
  );
  const at = (n: number) => rows.find((r) => r.articles === n);
  const tenK = at(10_000);
  const fiftyK = at(50_000);
  const growth =
    tenK && fiftyK
      ? `\ngrowth: cold 50,000 / cold 10,000 = ${(fiftyK.cold.wallMs / tenK.cold.wallMs).toFixed(2)} (target ≤ 5.5)`
      : '';
  return `${table}${growth}`;
}

export async function writeScaleJson(file: string, rows: readonly ScaleRow[]): Promise<void> {
  await writeFile(
    file,
    JSON.stringify(
      rows.map((r) => ({
        articles: r.articles,
        floorMs: r.floor.wallMs,
        coldMs: r.cold.wallMs,
        noopMs: r.noop.wallMs,
        oneMs: r.one.wallMs,
        rssKb: [r.floor, r.cold, r.noop, r.one].map((m) => m.peakRssKb),
      })),
      null,
      2,
    ),
  );
}
