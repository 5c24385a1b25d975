import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { configSchema } from '../src/config/schema.js';
import { resolveRights, siteRightsOf } from '../src/images/rights.js';
import { xmpPacket } from '../src/images/xmp.js';
import { generateNewsroom, makePhoto, photoSize, photoUses, type NewsroomRecipe } from './generate.js';
import {
  buildDist,
  formatTable,
  measureNode,
  median,
  mib,
  OutputTrash,
  writeBackDirtyPages,
  REPO_ROOT,
  seconds,
  type Cell,
  type Measured,
} from './measure.js';

/**
 * Cold build against the decode-once bare-sharp floor that makes the same renditions (the
 * per-use row: one file per use, each with its packet), wall and CPU (docs/architecture.md,
 * "Benchmark").
 */
const COLD_LIMIT = 1.05;

/**
 * The images scenario, all measured in one run on one generated newsroom:
 *   1. baseline — bare sharp, same encodes, same concurrency, one file per encode (bench/baseline.mjs)
 *   1b. baseline with per-use files — the same encodes, and one file per use with its XMP
 *      packet put in, as presswire publishes them (same file count and bytes), bare Node:
 *      the same renditions as presswire, the floor the cold build is judged against
 *   1c. the same, each file written aside, fsynced and renamed (as presswire publishes it)
 *   2. presswire cold build (no out/, no state)           target: ≤ 1.05 × per-use baseline
 *   3. presswire no-op rebuild                            target: 0 encodes, 0 source bytes, ≤ 3% of cold
 *   4. presswire rebuild after one photo changed          target: encodes = that photo's renditions
 * with the peak RSS of each process. presswire runs as installed (`node bin/presswire.js`,
 * bundled first), as a child process, like a build server would run it.
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

/** A site has no built-in identity: the bench newsroom names its own. */
const BENCH_SITE = { title: 'Bench Newsroom', url: 'https://bench.example/' };

export async function runImagesBench(options: ImagesBenchOptions): Promise<BenchReport> {
  const { recipe, log } = options;
  const root = path.join(options.workDir, 'images');
  const newsroom = await generateNewsroom(root, recipe, log);
  log('building dist/ (scripts/build-dist.mjs)');
  buildDist();

  const defaults = configSchema.shape.images.parse(undefined);
  const configFile = path.join(root, 'presswire.config.json');
  await writeFile(configFile, JSON.stringify({ site: BENCH_SITE, articles: 'articles', out: 'out' }, null, 2));
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
      `${label}: ${seconds(run.wallMs)} s wall, ${seconds(run.cpuMs)} s cpu, ${finish.imagesEncoded} encodes, ` +
        `${finish.sourceBytesRead} source bytes read, load ${loadavg()[0]?.toFixed(1)}`,
    );
    return { run, finish };
  };

  const baselineOut = path.join(root, 'baseline-out');
  const job = {
    sources: newsroom.photos.map((photo) => path.join(newsroom.articlesDir, photo)),
    outDir: baselineOut,
    widths: defaults.widths,
    formats: defaults.formats,
    quality: defaults.quality,
    background: defaults.background,
    concurrency,
  };
  const jobFile = path.join(root, 'baseline-job.json');
  await writeFile(jobFile, JSON.stringify(job));
  // The packets presswire puts into each use's renditions, worked out here (the generated
  // photos embed no credit), so that the timed process runs bare Node and sharp only.
  const site = siteRightsOf(defaults.rights, BENCH_SITE.title);
  const packets = photoUses(recipe).map((uses) =>
    uses.map((declared) => xmpPacket(resolveRights(declared, undefined, site).rights) ?? null),
  );
  const perUseJobFile = path.join(root, 'baseline-per-use-job.json');
  await writeFile(perUseJobFile, JSON.stringify({ ...job, packets }));
  const durableJobFile = path.join(root, 'baseline-durable-job.json');
  await writeFile(durableJobFile, JSON.stringify({ ...job, packets, durable: true }));
  // Emptied after the last timed run; left over by a failed run, it goes at the end of the next.
  const trash = new OutputTrash(path.join(root, '.trash'));
  const baseline = async (
    label: string,
    file: string,
  ): Promise<{ run: Measured; encoded: number; files: number; bytes: number }> => {
    await trash.clear([baselineOut]);
    writeBackDirtyPages();
    const run = await measureNode([BASELINE, file], { cwd: root });
    if (run.code !== 0) throw new Error(`${label} failed (exit ${run.code}):\n${run.stderr}`);
    const result = JSON.parse(run.stdout) as { encoded: number; files: number; bytes: number };
    log(
      `${label}: ${seconds(run.wallMs)} s wall, ${seconds(run.cpuMs)} s cpu, ${result.encoded} encodes, ${result.files} files, load ${loadavg()[0]?.toFixed(1)}`,
    );
    return { run, ...result };
  };

  // 1–2: alternate, so that a burst of load on the shared machine hits both alike; the
  // baseline the target is judged against (per-use files) runs right beside each cold build.
  // Every other round runs in reverse: the shared machine's speed drifts over minutes (the
  // same baseline took 38.6 s, then 46.3 s ten minutes later), and pairs always in one order
  // would carry that drift into every ratio the same way.
  const baselines: Awaited<ReturnType<typeof baseline>>[] = [];
  const perUses: Awaited<ReturnType<typeof baseline>>[] = [];
  const durables: Awaited<ReturnType<typeof baseline>>[] = [];
  const colds: Awaited<ReturnType<typeof presswire>>[] = [];
  for (let i = 0; i < options.repeat; i++) {
    const round = [
      async () => durables.push(await baseline('baseline, per-use files fsynced', durableJobFile)),
      async () => baselines.push(await baseline('baseline', jobFile)),
      async () => perUses.push(await baseline('baseline, per-use files', perUseJobFile)),
      async () => {
        await trash.clear([outDir, `${outDir}.presswire`]);
        writeBackDirtyPages();
        colds.push(await presswire('cold build'));
      },
    ];
    for (const run of i % 2 === 0 ? round : round.reverse()) await run();
  }
  const base = summarize(baselines.map((b) => b.run));
  const perUse = summarize(perUses.map((b) => b.run));
  const durable = summarize(durables.map((b) => b.run));
  const cold = summarize(colds.map((c) => c.run));
  const coldFinish = colds[0]?.finish;
  const baseEncoded = baselines[0]?.encoded ?? 0;
  const baseBytes = baselines[0]?.bytes ?? 0;
  const renditionBytes = await directoryBytes(path.join(outDir, 'images'));

  // 3: nothing changed.
  const noopRuns: Awaited<ReturnType<typeof presswire>>[] = [];
  for (let i = 0; i < Math.max(3, options.repeat); i++) noopRuns.push(await presswire('no-op rebuild'));
  const noop = summarize(noopRuns.map((n) => n.run));
  const noopEncoded = Math.max(...noopRuns.map((n) => n.finish.imagesEncoded));
  const noopBytes = Math.max(...noopRuns.map((n) => n.finish.sourceBytesRead));

  // 4: one photo changed (same size, new pixels), then put back.
  const changedPhoto = path.join(newsroom.articlesDir, newsroom.photos[0] ?? '');
  const original = await readFile(changedPhoto);
  const size = photoSize(recipe, 0);
  await writeFile(changedPhoto, await makePhoto(size.width, size.height, recipe.seed * 1_000_003 + 999_999));
  let changedRun: Awaited<ReturnType<typeof presswire>>;
  try {
    changedRun = await presswire('one photo changed');
  } finally {
    await writeFile(changedPhoto, original);
  }
  const changed = summarize([changedRun.run]);
  const formats = new Set([...defaults.formats, 'jpeg']).size;
  const fitting = defaults.widths.filter((w) => w <= size.width).length || 1;
  const expectedChanged = fitting * formats;
  const changedBytes = (await stat(changedPhoto)).size;
  await trash.empty();

  // Judged on wall time (what a build server waits for) and on CPU time (what stays
  // comparable when other work shares the machine); both are printed.
  const ratio = (a: Summary, b: Summary) => ({ wall: a.wallMs / b.wallMs, cpu: a.cpuMs / b.cpuMs });
  const coldVsBase = ratio(cold, base);
  const coldVsPerUse = ratio(cold, perUse);
  // Each cold build against the per-use run beside it: one slow baseline run can carry
  // the baseline's median up and make the ratio of medians look met; the median of the pairs
  // cannot be moved by one run. The target is met only when both say so.
  const pairsOf = (against: readonly { run: Measured }[]) =>
    colds.map(({ run }, i) => ratio(summarize([run]), summarize([(against[i] as { run: Measured }).run])));
  const medianOf = (pairs: readonly { wall: number; cpu: number }[]) => ({
    wall: median(pairs.map((p) => p.wall)),
    cpu: median(pairs.map((p) => p.cpu)),
  });
  const pairs = pairsOf(perUses);
  const paired = medianOf(pairs);
  const barePairs = pairsOf(baselines);
  const pairedVsBase = medianOf(barePairs);
  const coldVsDurable = ratio(cold, durable);
  const noopVsCold = ratio(noop, cold);
  const changedVsCold = ratio(changed, cold);
  const verdict = (wall: boolean, cpu: boolean) =>
    wall && cpu ? 'yes' : `wall ${wall ? 'yes' : 'NO'}, cpu ${cpu ? 'yes' : 'NO'}`;
  const noopCounts = noopEncoded === 0 && noopBytes === 0;
  const targets = {
    cold: verdict(
      Math.max(coldVsPerUse.wall, paired.wall) <= COLD_LIMIT,
      Math.max(coldVsPerUse.cpu, paired.cpu) <= COLD_LIMIT,
    ),
    noop: verdict(noopCounts && noopVsCold.wall <= 0.03, noopCounts && noopVsCold.cpu <= 0.03),
    changed: changedRun.finish.imagesEncoded === expectedChanged ? 'yes' : 'NO',
  };
  const times = (x: Summary): Cell[] => [seconds(x.wallMs), x.range, seconds(x.cpuMs)];
  const header = [
    'run',
    'wall s',
    'wall range s',
    'cpu s',
    'relative wall / cpu',
    'encodes',
    'source MB read',
    'peak RSS MiB',
    'target',
    'met',
  ];
  /** A baseline row beside the bare one: its times, relative to the bare one's. */
  const baselineRow = (label: string, x: Summary, encoded: number | undefined): Cell[] => [
    label,
    ...times(x),
    `${(x.wallMs / base.wallMs).toFixed(2)} / ${(x.cpuMs / base.cpuMs).toFixed(2)}`,
    encoded ?? '',
    '',
    mib(x.peakRssKb),
    '',
    '',
  ];
  const rows: Cell[][] = [
    ['baseline (bare sharp)', ...times(base), '1.00 / 1.00', baseEncoded, '', mib(base.peakRssKb), '', ''],
    baselineRow('baseline, per-use files', perUse, perUses[0]?.encoded),
    baselineRow('baseline, per-use fsynced', durable, durables[0]?.encoded),
    [
      'presswire cold',
      ...times(cold),
      `${coldVsBase.wall.toFixed(2)} / ${coldVsBase.cpu.toFixed(2)} × baseline; ${coldVsPerUse.wall.toFixed(2)} / ${coldVsPerUse.cpu.toFixed(2)} × per-use; ${coldVsDurable.wall.toFixed(2)} / ${coldVsDurable.cpu.toFixed(2)} × fsynced`,
      coldFinish?.imagesEncoded ?? '',
      ((coldFinish?.sourceBytesRead ?? 0) / 1e6).toFixed(1),
      mib(cold.peakRssKb),
      `≤ ${COLD_LIMIT.toFixed(2)} × per-use`,
      targets.cold,
    ],
    [
      'presswire no-op',
      ...times(noop),
      `${percent(noopVsCold.wall)} / ${percent(noopVsCold.cpu)} of cold`,
      noopEncoded,
      (noopBytes / 1e6).toFixed(1),
      mib(noop.peakRssKb),
      '0 encodes, 0 bytes, ≤ 3% of cold',
      targets.noop,
    ],
    [
      'presswire, 1 photo changed',
      ...times(changed),
      `${percent(changedVsCold.wall)} / ${percent(changedVsCold.cpu)} of cold`,
      changedRun.finish.imagesEncoded,
      (changedRun.finish.sourceBytesRead / 1e6).toFixed(1),
      mib(changed.peakRssKb),
      `encodes = ${expectedChanged}`,
      targets.changed,
    ],
  ];
  const notes = [
    `newsroom: ${recipe.photos} photos ${recipe.minWidth}–${recipe.maxWidth} px wide, ${recipe.articles} articles; ` +
      `widths ${defaults.widths.join('/')}, formats ${[...new Set([...defaults.formats, 'jpeg'])].join('+')}; concurrency ${concurrency}; ` +
      `medians of ${options.repeat} alternating baseline/cold runs and ${noopRuns.length} no-op runs`,
    `same work: baseline wrote ${(baseBytes / 1e6).toFixed(1)} MB in ${baselines[0]?.files ?? '?'} files, ` +
      `baseline with per-use files ${((perUses[0]?.bytes ?? 0) / 1e6).toFixed(1)} MB in ${perUses[0]?.files ?? '?'} files, ` +
      `presswire ${(renditionBytes / 1e6).toFixed(1)} MB in ${coldFinish?.imageRenditions ?? '?'} renditions`,
    `cold against the per-use run beside it, per pair (wall / cpu): ${listPairs(pairs)}; ` +
      `median ${paired.wall.toFixed(2)} / ${paired.cpu.toFixed(2)}`,
    `cold against the bare baseline of the same round (one file per encode, not the same renditions): ` +
      `${listPairs(barePairs)}; median ${pairedVsBase.wall.toFixed(2)} / ${pairedVsBase.cpu.toFixed(2)}`,
    'the cold target is judged against the per-use row (bare sharp and bare Node making the same renditions ' +
      'as presswire: one file per use, each with its packet, no fsync), both as the ratio of the medians and ' +
      'as the median of the pairs, and met only when both are within it; the bare row shows what the per-use ' +
      'files the rights guarantee needs cost, and the fsynced row those files written aside, fsynced and ' +
      'renamed as presswire publishes them (docs/architecture.md, "Benchmark")',
    `wall: spawn to exit, node start-up included; cpu: user + system of the process, all threads; ` +
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} cores; one changed photo: ${(changedBytes / 1e6).toFixed(1)} MB`,
  ];
  const ok = [targets.cold, targets.noop, targets.changed].every((t) => t === 'yes');
  return { table: formatTable(header, rows), notes, ok };
}

interface Summary {
  wallMs: number;
  cpuMs: number;
  /** min–max wall time when there was more than one run. */
  range: string;
  peakRssKb: number;
}

function summarize(runs: readonly Measured[]): Summary {
  const walls = runs.map((r) => r.wallMs);
  return {
    wallMs: median(walls),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    range: runs.length > 1 ? `${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}` : '',
    peakRssKb: Math.max(...runs.map((r) => r.peakRssKb)),
  };
}

const listPairs = (pairs: readonly { wall: number; cpu: number }[]): string =>
  pairs.map((p) => `${p.wall.toFixed(2)} / ${p.cpu.toFixed(2)}`).join(', ');

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
}
