import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { articlePathOf, writeArticleCorpus } from './articles-corpus.js';
import type { BenchReport } from './images.js';
import { buildDist, formatTable, measureNode, medianRun, mib, REPO_ROOT, seconds, type Measured } from './measure.js';

/**
 * Newsroom scale: article-only corpora, each measured in one run against its
 * floor (read + gray-matter + marked, nothing else: bench/floor.mjs).
 *   cold      a first build into an empty output folder
 *   no-op     the same build again, nothing changed (answered from the no-op index)
 *   staged    the same, the no-op index deleted first: every stage runs and finds nothing to do
 *   one       one article corrected, then built
 * Targets: cold ≤ 2.0× floor at 10,000; no-op ≤ 10% of cold at 10,000; one ≤ 1.5× staged
 * (what a correction costs beyond the stages' own no-op: the index answers only when
 * nothing changed); peak RSS at 50,000 cold ≤ 1 GiB; cold 50,000 / cold 10,000 ≤ 5.5.
 */

// presswire as users run it: the bundled CLI (built first, as `npm ci` does), so neither
// side of a ratio pays for a TypeScript loader.
const CLI = path.join(REPO_ROOT, 'bin/presswire.js');
const FLOOR = path.join(REPO_ROOT, 'bench/floor.mjs');
/** Runs of the no-op and one-changed builds; the median is reported. */
const SHORT_RUNS = 3;

export interface ScaleRow {
  articles: number;
  floor: Measured;
  cold: Measured;
  noop: Measured;
  staged: Measured;
  one: Measured;
}

function check(step: string, measured: Measured): Measured {
  // Exit 0, or 1 for article warnings under --strict would be wrong here: the corpus is clean.
  if (measured.code !== 0) throw new Error(`${step} exited ${measured.code}: ${measured.stderr.slice(0, 2000)}`);
  return measured;
}

export async function runScale(sizes: readonly number[], log: (line: string) => void): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    const dir = await mkdtemp(path.join(tmpdir(), `presswire-scale-${size}-`));
    try {
      const articles = await writeArticleCorpus(dir, size);
      const out = path.join(dir, 'out');
      const env = { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' };
      // A site has no built-in identity: the bench newsroom names its own.
      await writeFile(
        path.join(dir, 'presswire.config.json'),
        JSON.stringify({ site: { title: 'Bench Newsroom', url: 'https://bench.example/' } }),
      );
      const build = () =>
        measureNode([CLI, 'build', '--articles', articles, '--out', out, '--json'], { cwd: dir, env });
      log(`scale ${size}: corpus written; floor`);
      const floor = check('floor', await measureNode([FLOOR, articles], { cwd: dir }));
      log(`scale ${size}: cold`);
      const cold = check('cold', await build());
      // Runs of a second or two are noisy on a shared machine: the median of three of each.
      log(`scale ${size}: no-op ×${SHORT_RUNS}`);
      const noops: Measured[] = [];
      for (let run = 0; run < SHORT_RUNS; run++) noops.push(check('no-op', await build()));
      log(`scale ${size}: no-op with every stage ×${SHORT_RUNS}`);
      const staged: Measured[] = [];
      for (let run = 0; run < SHORT_RUNS; run++) {
        await rm(path.join(`${out}.presswire`, 'noop-index.json'), { force: true });
        staged.push(check('no-op with every stage', await build()));
      }
      log(`scale ${size}: one changed ×${SHORT_RUNS}`);
      const ones: Measured[] = [];
      for (let run = 0; run < SHORT_RUNS; run++) {
        // One article corrected (a different one each run), the realistic change: a body
        // edit alone would be an unannounced edit.
        const target = articlePathOf(dir, Math.floor(size / 2) + run);
        const text = await readFile(target, 'utf8');
        await writeFile(
          target,
          text.replace(
            /\n---\n/,
            '\ncorrections:\n  - date: 2026-11-27T12:00:00Z\n    text: An earlier version of this dispatch gave the wrong district.\n---\n',
          ),
        );
        await appendFile(target, '\nThe district is Tamari, not Ousso.\n');
        ones.push(check('one changed', await build()));
      }
      const [noop, one] = [medianRun(noops), medianRun(ones)];
      rows.push({ articles: size, floor, cold, noop, staged: medianRun(staged), one });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export async function runScaleBench(options: {
  sizes: readonly number[];
  log: (line: string) => void;
}): Promise<BenchReport> {
  options.log('building dist/ (scripts/build-dist.mjs)');
  buildDist();
  const rows = await runScale(options.sizes, options.log);
  const table = formatTable(
    [
      'articles',
      'floor s',
      'cold s',
      'cold/floor',
      'no-op s',
      'no-op/cold',
      'staged s',
      'one s',
      'one/staged',
      'peak RSS MiB floor/cold/no-op/staged/one',
    ],
    rows.map((r) => [
      r.articles,
      seconds(r.floor.wallMs),
      seconds(r.cold.wallMs),
      (r.cold.wallMs / r.floor.wallMs).toFixed(2),
      seconds(r.noop.wallMs),
      `${((r.noop.wallMs / r.cold.wallMs) * 100).toFixed(1)}%`,
      seconds(r.staged.wallMs),
      seconds(r.one.wallMs),
      (r.one.wallMs / r.staged.wallMs).toFixed(2),
      [r.floor, r.cold, r.noop, r.staged, r.one].map((m) => mib(m.peakRssKb)).join('/'),
    ]),
  );
  const at = (n: number) => rows.find((r) => r.articles === n);
  const notes: string[] = [];
  let ok = true;
  const target = (label: string, value: number, limit: number, shown: string) => {
    const met = value <= limit;
    ok &&= met;
    notes.push(`${met ? 'met ' : 'MISSED'} ${label}: ${shown}`);
  };
  const tenK = at(10_000);
  const fiftyK = at(50_000);
  if (tenK) {
    target(
      'cold ≤ 2.0× floor at 10,000',
      tenK.cold.wallMs / tenK.floor.wallMs,
      2.0,
      `${(tenK.cold.wallMs / tenK.floor.wallMs).toFixed(2)}×`,
    );
    target(
      'no-op ≤ 10% of cold at 10,000',
      tenK.noop.wallMs / tenK.cold.wallMs,
      0.1,
      `${((tenK.noop.wallMs / tenK.cold.wallMs) * 100).toFixed(1)}%`,
    );
    target(
      'one changed ≤ 1.5× the no-op with every stage at 10,000',
      tenK.one.wallMs / tenK.staged.wallMs,
      1.5,
      `${(tenK.one.wallMs / tenK.staged.wallMs).toFixed(2)}× (${(tenK.one.wallMs / tenK.noop.wallMs).toFixed(2)}× the no-op answered from the index)`,
    );
  }
  if (fiftyK)
    target('peak RSS ≤ 1 GiB at 50,000 cold', fiftyK.cold.peakRssKb, 1024 * 1024, `${mib(fiftyK.cold.peakRssKb)} MiB`);
  if (tenK && fiftyK)
    target(
      'cold 50,000 / cold 10,000 ≤ 5.5',
      fiftyK.cold.wallMs / tenK.cold.wallMs,
      5.5,
      `${(fiftyK.cold.wallMs / tenK.cold.wallMs).toFixed(2)}`,
    );
  notes.push(
    `Times are wall-clock seconds of whole processes (start-up included), measured one after another in this run; no-op, staged and one changed: the median of ${SHORT_RUNS} runs each (each one-changed run corrects another article; staged: the no-op index deleted before each run, so every stage runs).`,
  );
  for (const r of rows) {
    notes.push(
      `${r.articles}: cpu s floor/cold/no-op/staged/one = ${[r.floor, r.cold, r.noop, r.staged, r.one].map((m) => seconds(m.cpuMs)).join('/')}`,
    );
  }
  return { table, notes, ok };
}
