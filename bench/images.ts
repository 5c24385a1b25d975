import { spawn } from 'node:child_process';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { configSchema } from '../src/config/schema.js';
import { generateNewsroom, makePhoto, photoSize, type NewsroomRecipe } from './generate.js';
import { formatTable, measureNode, mib, REPO_ROOT, seconds, type Cell, type Measured } from './measure.js';

/**
 * The images scenario (issue 3), all measured in one run on one generated newsroom:
 *   1. baseline — bare sharp, same renditions, same concurrency (bench/baseline.mjs)
 *   2. presswire cold build (no out/, no state)           target: ≤ 1.10 × baseline
 *   3. presswire no-op rebuild                            target: 0 encodes, 0 source bytes, ≤ 3% of cold
 *   4. presswire rebuild after one photo changed          target: encodes = that photo's renditions
 * with the peak RSS of each process. presswire runs as installed (`node bin/presswire.js`,
 * compiled first), as a child process, like a build server would run it.
 */

export interface ImagesBenchOptions {
  recipe: NewsroomRecipe;
  /** Folder for the generated newsroom and the outputs (kept between runs, reused when the recipe matches). */
  workDir: string;
  /** Alternate baseline and cold build this many times and report the medians (noise on a shared machine). */
  repeat: number;
  log: (line: string) => void;
}

export interface BenchReport {
  table: string;
  notes: string[];
  /** Every target met. */
  ok: boolean;
}

interface FinishLine {
  durationMs: number;
  imagesEncoded: number;
  sourceBytesRead: number;
  imageRenditions: number;
  failed: number;
}

const PRESSWIRE = path.join(REPO_ROOT, 'bin/presswire.js');
const BASELINE = path.join(REPO_ROOT, 'bench/baseline.mjs');

export async function runImagesBench(options: ImagesBenchOptions): Promise<BenchReport> {
  const { recipe, log } = options;
  const root = path.join(options.workDir, 'images');
  const newsroom = await generateNewsroom(root, recipe, log);
  log('compiling presswire (tsc -p tsconfig.build.json)');
  await compile();

  const defaults = configSchema.parse({}).images;
  const configFile = path.join(root, 'presswire.config.json');
  await writeFile(configFile, JSON.stringify({ articles: 'articles', out: 'out' }, null, 2));
  const outDir = path.join(root, 'out');
  // presswire keeps availableParallelism() sources in flight; the baseline is given the same.
  const concurrency = availableParallelism();
  const presswire = async (label: string): Promise<{ run: Measured; finish: FinishLine }> => {
    const run = await measureNode([PRESSWIRE, 'build', '--config', configFile, '--json'], { cwd: root });
    const finish = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FinishLine & { event: string })
      .find((line) => line.event === 'build-finished');
    if (run.code !== 0 || !finish)
      throw new Error(`presswire ${label} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    log(
      `${label}: ${seconds(run.wallMs)} s, ${finish.imagesEncoded} encodes, ${finish.sourceBytesRead} source bytes read`,
    );
    return { run, finish };
  };

  const baselineOut = path.join(root, 'baseline-out');
  const jobFile = path.join(root, 'baseline-job.json');
  await writeFile(
    jobFile,
    JSON.stringify({
      sources: newsroom.photos.map((photo) => path.join(newsroom.articlesDir, photo)),
      outDir: baselineOut,
      widths: defaults.widths,
      formats: defaults.formats,
      quality: defaults.quality,
      background: defaults.background,
      concurrency,
    }),
  );
  const baseline = async (): Promise<{ run: Measured; encoded: number; bytes: number }> => {
    await rm(baselineOut, { recursive: true, force: true });
    const run = await measureNode([BASELINE, jobFile], { cwd: root });
    if (run.code !== 0) throw new Error(`baseline failed (exit ${run.code}):\n${run.stderr}`);
    const result = JSON.parse(run.stdout) as { encoded: number; bytes: number };
    log(`baseline: ${seconds(run.wallMs)} s, ${result.encoded} encodes`);
    return { run, ...result };
  };

  // 1–2: alternate, so that a burst of load on the shared machine hits both alike.
  const baselines: Awaited<ReturnType<typeof baseline>>[] = [];
  const colds: Awaited<ReturnType<typeof presswire>>[] = [];
  for (let i = 0; i < options.repeat; i++) {
    baselines.push(await baseline());
    await rm(outDir, { recursive: true, force: true });
    await rm(`${outDir}.presswire`, { recursive: true, force: true });
    colds.push(await presswire('cold build'));
  }
  const base = median(baselines, (b) => b.run.wallMs);
  const cold = median(colds, (c) => c.run.wallMs);
  const renditionBytes = await directoryBytes(path.join(outDir, 'images'));

  // 3: nothing changed.
  const noops: Awaited<ReturnType<typeof presswire>>[] = [];
  for (let i = 0; i < Math.max(3, options.repeat); i++) noops.push(await presswire('no-op rebuild'));
  const noop = median(noops, (n) => n.run.wallMs);

  // 4: one photo changed (same size, new pixels), then put back.
  const changedPhoto = path.join(newsroom.articlesDir, newsroom.photos[0] ?? '');
  const original = await readFile(changedPhoto);
  const size = photoSize(recipe, 0);
  await writeFile(changedPhoto, await makePhoto(size.width, size.height, recipe.seed * 1_000_003 + 999_999));
  let changed: Awaited<ReturnType<typeof presswire>>;
  try {
    changed = await presswire('one photo changed');
  } finally {
    await writeFile(changedPhoto, original);
  }
  const formats = new Set([...defaults.formats, 'jpeg']).size;
  const fitting = defaults.widths.filter((w) => w <= size.width).length || 1;
  const expectedChanged = fitting * formats;
  const changedBytes = (await stat(changedPhoto)).size;

  const coldRatio = cold.run.wallMs / base.run.wallMs;
  const noopShare = noop.run.wallMs / cold.run.wallMs;
  const targets = {
    cold: coldRatio <= 1.1,
    noop: noopShare <= 0.03 && noop.finish.imagesEncoded === 0 && noop.finish.sourceBytesRead === 0,
    changed: changed.finish.imagesEncoded === expectedChanged,
  };
  const spread = (runs: { run: Measured }[]) =>
    runs.length > 1
      ? `${seconds(Math.min(...runs.map((r) => r.run.wallMs)))}–${seconds(Math.max(...runs.map((r) => r.run.wallMs)))}`
      : '';
  const header = [
    'run',
    'wall s',
    'range s',
    'build s',
    'relative',
    'encodes',
    'source MB read',
    'peak RSS MiB',
    'target',
    'met',
  ];
  const rows: Cell[][] = [
    [
      'baseline (bare sharp)',
      seconds(base.run.wallMs),
      spread(baselines),
      '',
      '1.00 × baseline',
      base.encoded,
      '',
      mib(base.run.peakRssKb),
      '',
      '',
    ],
    [
      'presswire cold',
      seconds(cold.run.wallMs),
      spread(colds),
      seconds(cold.finish.durationMs),
      `${coldRatio.toFixed(2)} × baseline`,
      cold.finish.imagesEncoded,
      (cold.finish.sourceBytesRead / 1e6).toFixed(1),
      mib(cold.run.peakRssKb),
      '≤ 1.10 × baseline',
      targets.cold ? 'yes' : 'NO',
    ],
    [
      'presswire no-op',
      seconds(noop.run.wallMs),
      spread(noops),
      seconds(noop.finish.durationMs),
      `${(noopShare * 100).toFixed(1)}% of cold`,
      noop.finish.imagesEncoded,
      (noop.finish.sourceBytesRead / 1e6).toFixed(1),
      mib(noop.run.peakRssKb),
      '0 encodes, 0 bytes, ≤ 3% of cold',
      targets.noop ? 'yes' : 'NO',
    ],
    [
      'presswire, 1 photo changed',
      seconds(changed.run.wallMs),
      '',
      seconds(changed.finish.durationMs),
      `${((changed.run.wallMs / cold.run.wallMs) * 100).toFixed(1)}% of cold`,
      changed.finish.imagesEncoded,
      (changed.finish.sourceBytesRead / 1e6).toFixed(1),
      mib(changed.run.peakRssKb),
      `encodes = ${expectedChanged}`,
      targets.changed ? 'yes' : 'NO',
    ],
  ];
  const notes = [
    `newsroom: ${recipe.photos} photos ${recipe.minWidth}–${recipe.maxWidth} px wide, ${recipe.articles} articles; ` +
      `widths ${defaults.widths.join('/')}, formats ${[...new Set([...defaults.formats, 'jpeg'])].join('+')}; concurrency ${concurrency}; ` +
      `median of ${options.repeat} alternating baseline/cold runs, ${noops.length} no-op runs`,
    `same work check: baseline wrote ${(base.bytes / 1e6).toFixed(1)} MB in ${base.encoded} files, ` +
      `presswire ${(renditionBytes / 1e6).toFixed(1)} MB in ${cold.finish.imageRenditions} renditions`,
    `"wall" is spawn to exit (node start-up included); "build" is presswire's own durationMs; one changed photo: ${(changedBytes / 1e6).toFixed(1)} MB`,
  ];
  return { table: formatTable(header, rows), notes, ok: targets.cold && targets.noop && targets.changed };
}

function median<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const item = sorted[Math.floor((sorted.length - 1) / 2)];
  if (item === undefined) throw new Error('median of nothing');
  return item;
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
}

function compile(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      },
    );
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
  });
}
