import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FULL_RECIPE, type NewsroomRecipe } from './generate.js';
import type { BenchReport } from './images.js';

/**
 * `npm run bench [-- flags]`: runs benchmark scenarios and prints one table each.
 *
 * A scenario is a module with one function returning a BenchReport (a table, notes, and
 * whether its targets were met); add one by adding its flag and its entry in SCENARIOS
 * below. Shared pieces: bench/measure.ts (measured child processes, tables),
 * bench/generate.ts (synthetic photos and articles).
 *
 * Flags:
 *   --images             the images scenario; the default when no scenario flag is given
 *   --scale              the newsroom-scale scenario: article-only corpora
 *   --adopt              adopting a site: a Jekyll/Hugo archive against the same articles in presswire's dialect
 *                        (--articles N posts each, default 5000)
 *   --watch              a correction live within a second: presswire schedule watching a corpus of
 *                        --articles N (default 10000), 5 corrections renamed into place one at a time
 *   --hugo               presswire against Hugo on the same Hugo-dialect articles, cold and no-op
 *                        (--articles N, default 10000; needs `hugo`: apt-get install -y hugo)
 *   --sizes A,B,…        corpus sizes for --scale                  (default 1000,10000,50000)
 *   --quick              a small newsroom (24 photos of 1800–2000 px, 100 articles), to try the bench out
 *   --photos N           number of source photos              (default 200)
 *   --articles N         number of articles                   (default 1000)
 *   --min-width PX       narrowest photo, height = 2/3 width  (default 2400)
 *   --max-width PX       widest photo                         (default 3000)
 *   --repeat N           images: alternate baselines and cold build N times, report medians (default 3,
 *                        as --hugo: one pair on a shared machine swings by ±10%)
 *   --work DIR           where newsrooms are generated and kept (default: <tmp>/presswire-bench)
 * Exit status 1 when a scenario misses a target.
 */

const { values } = parseArgs({
  options: {
    images: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    adopt: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    hugo: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '1000,10000,50000' },
    quick: { type: 'boolean', default: false },
    photos: { type: 'string' },
    articles: { type: 'string' },
    'min-width': { type: 'string' },
    'max-width': { type: 'string' },
    repeat: { type: 'string' },
    work: { type: 'string', default: path.join(tmpdir(), 'presswire-bench') },
  },
  strict: true,
});

const count = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name}: expected a positive integer but received ${JSON.stringify(value)}`);
  return n;
};

const preset: NewsroomRecipe = values.quick
  ? { ...FULL_RECIPE, photos: 24, articles: 100, minWidth: 1800, maxWidth: 2000 }
  : FULL_RECIPE;
const recipe: NewsroomRecipe = {
  ...preset,
  photos: count(values.photos, preset.photos, 'photos'),
  articles: count(values.articles, preset.articles, 'articles'),
  minWidth: count(values['min-width'], preset.minWidth, 'min-width'),
  maxWidth: count(values['max-width'], preset.maxWidth, 'max-width'),
};
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

const SCENARIOS: { name: string; selected: boolean; run: () => Promise<BenchReport> }[] = [
  {
    name: 'images',
    selected: values.images,
    run: async () =>
      (await import('./images.js')).runImagesBench({
        recipe,
        workDir: values.work,
        repeat: count(values.repeat, 3, 'repeat'),
        log,
      }),
  },
  {
    name: 'scale',
    selected: values.scale,
    run: async () =>
      (await import('./scale.js')).runScaleBench({
        sizes: values.sizes.split(',').map((size) => count(size.trim(), 0, 'sizes')),
        log,
      }),
  },
  {
    name: 'adopt',
    selected: values.adopt,
    run: async () =>
      (await import('./adopt.js')).runAdoptBench({ articles: count(values.articles, 5000, 'articles'), log }),
  },
  {
    name: 'watch',
    selected: values.watch,
    run: async () =>
      (await import('./watch.js')).runWatchBench({
        articles: count(values.articles, 10_000, 'articles'),
        corrections: 5,
        log,
      }),
  },
  {
    name: 'hugo',
    selected: values.hugo,
    run: async () =>
      (await import('./hugo.js')).runHugoBench({ articles: count(values.articles, 10_000, 'articles'), log }),
  },
];

const chosen = SCENARIOS.some((s) => s.selected)
  ? SCENARIOS.filter((s) => s.selected)
  : SCENARIOS.filter((s) => s.name === 'images');
let ok = true;
for (const scenario of chosen) {
  const report = await scenario.run();
  process.stdout.write(`\n${scenario.name}\n\n${report.table}\n\n${report.notes.map((n) => `  ${n}`).join('\n')}\n`);
  ok &&= report.ok;
}
process.exitCode = ok ? 0 : 1;
