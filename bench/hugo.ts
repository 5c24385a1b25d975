import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeHugoCorpus } from './hugo-corpus.js';
import type { BenchReport } from './images.js';
import {
  buildDist,
  formatTable,
  GNU_TIME,
  measureCommand,
  measureNode,
  medianRun,
  mib,
  OutputTrash,
  writeBackDirtyPages,
  REPO_ROOT,
  seconds,
  type Measured,
} from './measure.js';

/**
 * presswire against Hugo on the same articles (docs/architecture.md, "Benchmark"): one
 * corpus in Hugo's conventions (bench/hugo-corpus.ts) that Hugo reads as content and
 * presswire reads with `input.dialect: hugo`; Hugo builds `bench/hugo-site/`, which writes
 * the same three feeds (the 50 most recently modified articles, full content, absolute URLs)
 * and nothing else it can be told not to write. In one run: three alternating cold builds
 * of each (output and state removed first), then three alternating no-op rebuilds; medians.
 * Targets: presswire cold ≤ 0.9× Hugo cold; presswire cold peak RSS ≤ 400 MiB; presswire
 * no-op ≤ 0.08× Hugo no-op (Hugo has no incremental build: its no-op is another full build).
 */

const CLI = path.join(REPO_ROOT, 'bin/presswire.js');
const HUGO_SITE = path.join(REPO_ROOT, 'bench/hugo-site');
const RUNS = 3;
const COLD_LIMIT = 0.9;
const RSS_LIMIT_MIB = 400;
const NOOP_LIMIT = 0.08;
interface HugoVariant {
  name: string;
  /** Config files of bench/hugo-site/, merged in order. */
  configs: readonly string[];
}

/**
 * Hugo renders an article's Markdown only when a template asks for its .Content: with the
 * feeds alone it renders 50 articles. "pages" adds a page per article, so Hugo renders every
 * article, the work presswire cannot skip (it validates, sanitizes and archives every one).
 */
const HUGO_VARIANTS: readonly HugoVariant[] = [
  { name: 'feeds', configs: ['config.toml'] },
  { name: 'pages', configs: ['config.toml', 'every-page.toml'] },
];

interface Side {
  name: string;
  build: () => Promise<Measured>;
  /** Folders removed before a cold build. */
  output: readonly string[];
}

export const HUGO_INSTALL = 'apt-get install -y hugo';

function hugoVersion(): string | undefined {
  try {
    return execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function check(step: string, measured: Measured): Measured {
  if (measured.code !== 0) throw new Error(`${step} exited ${measured.code}: ${measured.stderr.slice(0, 2000)}`);
  return measured;
}

/** The report when Hugo (or GNU time, which measures it) is not installed: skipped, or failed under CI. */
function missing(tool: string, install: string): BenchReport {
  const underCi = process.env.CI === 'true';
  return {
    table: `${tool} is not installed: the Hugo comparison ${underCi ? 'FAILED (CI=true)' : 'is skipped'}`,
    notes: [`Install it with: ${install}   (as root; Debian 12 has Hugo 0.111)`],
    ok: !underCi,
  };
}

export async function runHugoBench(options: { articles: number; log: (line: string) => void }): Promise<BenchReport> {
  const version = hugoVersion();
  if (version === undefined) return missing('hugo', HUGO_INSTALL);
  if (!existsSync(GNU_TIME)) return missing(`GNU time (${GNU_TIME})`, 'apt-get install -y time');
  options.log('building dist/ (scripts/build-dist.mjs)');
  buildDist();
  const dir = await mkdtemp(path.join(tmpdir(), 'presswire-hugo-'));
  try {
    options.log(`hugo: writing ${options.articles} articles in Hugo's conventions`);
    const content = await writeHugoCorpus(dir, options.articles);
    await writeFile(
      path.join(dir, 'presswire.config.json'),
      JSON.stringify({
        site: { title: 'Bench Newsroom', url: 'https://bench.example/' },
        articles: 'content',
        input: { dialect: 'hugo' },
        // Hugo's URLs and feed file names, so both sides write the same links and files.
        feeds: {
          articlePath: '/posts/:year/:slug/',
          files: { rss: 'index.xml', atom: 'atom.xml', json: 'feed.json' },
        },
      }),
    );
    const env = { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' };
    const hugo = (variant: HugoVariant) => () =>
      measureCommand(
        'hugo',
        [
          '--source',
          HUGO_SITE,
          '--config',
          variant.configs.map((file) => path.join(HUGO_SITE, file)).join(','),
          '--contentDir',
          content,
          '--destination',
          path.join(dir, `public-${variant.name}`),
          '--cacheDir',
          path.join(dir, `cache-${variant.name}`),
          '--quiet',
        ],
        { cwd: dir },
      );
    const sides: Side[] = [
      {
        name: 'presswire',
        build: () => measureNode([CLI, 'build', '--json'], { cwd: dir, env }),
        output: ['out', 'out.presswire'],
      },
      ...HUGO_VARIANTS.map((variant) => ({
        name: `hugo (${variant.name})`,
        build: hugo(variant),
        output: [`public-${variant.name}`, `cache-${variant.name}`],
      })),
    ];
    // Deleted with `dir` at the end, after every timed run (measure.ts, OutputTrash).
    const trash = new OutputTrash(path.join(dir, 'trash'));
    const cold = sides.map(() => [] as Measured[]);
    const noop = sides.map(() => [] as Measured[]);
    // Alternating, medians: one cold build of ~10 s swings by 15% on a shared machine.
    for (let run = 1; run <= RUNS; run++) {
      for (const [i, side] of sides.entries()) {
        options.log(`hugo: cold ${run}/${RUNS}, ${side.name}`);
        await trash.clear(side.output.map((folder) => path.join(dir, folder)));
        writeBackDirtyPages();
        cold[i]?.push(check(`${side.name} cold`, await side.build()));
      }
    }
    for (let run = 1; run <= RUNS; run++) {
      for (const [i, side] of sides.entries()) {
        options.log(`hugo: no-op ${run}/${RUNS}, ${side.name}`);
        writeBackDirtyPages();
        noop[i]?.push(check(`${side.name} no-op`, await side.build()));
      }
    }
    const coldMedian = cold.map(medianRun);
    const noopMedian = noop.map(medianRun);
    const table = formatTable(
      ['side', 'articles', 'cold s', 'cold cpu s', 'cold peak RSS MiB', 'no-op s', 'no-op cpu s', 'no-op peak RSS MiB'],
      sides.map((side, i) => {
        const [c, n] = [coldMedian[i] as Measured, noopMedian[i] as Measured];
        return [
          side.name,
          options.articles,
          seconds(c.wallMs),
          seconds(c.cpuMs),
          mib(c.peakRssKb),
          seconds(n.wallMs),
          seconds(n.cpuMs),
          mib(n.peakRssKb),
        ];
      }),
    );
    const [pCold, fCold, hCold] = coldMedian as [Measured, Measured, Measured];
    const [pNoop, fNoop, hNoop] = noopMedian as [Measured, Measured, Measured];
    const coldRatio = pCold.wallMs / hCold.wallMs;
    const noopRatio = pNoop.wallMs / hNoop.wallMs;
    const rssMib = pCold.peakRssKb / 1024;
    const met = [coldRatio <= COLD_LIMIT, rssMib <= RSS_LIMIT_MIB, noopRatio <= NOOP_LIMIT];
    const label = (ok: boolean) => (ok ? 'met ' : 'MISSED');
    const perRun = (runs: Measured[][], of: number) =>
      (runs[0] ?? []).map((run, i) => (run.wallMs / (runs[of]?.[i] as Measured).wallMs).toFixed(2)).join(', ');
    return {
      table,
      notes: [
        `${label(met[0] as boolean)} cold ≤ ${COLD_LIMIT}× Hugo (pages): ${coldRatio.toFixed(2)}× (per run: ${perRun(cold, 2)})`,
        `${label(met[1] as boolean)} presswire cold peak RSS ≤ ${RSS_LIMIT_MIB} MiB: ${rssMib.toFixed(0)} MiB`,
        `${label(met[2] as boolean)} no-op ≤ ${NOOP_LIMIT}× Hugo's (pages) no-op: ${noopRatio.toFixed(3)}× (per run: ${perRun(noop, 2)})`,
        `CPU time (user + system, all threads; steadier than wall time on a shared machine): cold ${(pCold.cpuMs / hCold.cpuMs).toFixed(2)}× Hugo (pages), no-op ${(pNoop.cpuMs / hNoop.cpuMs).toFixed(3)}×`,
        `not a target: against Hugo (feeds), which renders only the 50 articles its feeds show, cold ${(pCold.wallMs / fCold.wallMs).toFixed(2)}×, no-op ${(pNoop.wallMs / fNoop.wallMs).toFixed(3)}×`,
        `Times are wall-clock seconds of whole processes, the median of ${RUNS} alternating runs of each in this run; ${version}.`,
        'Hugo (feeds) writes the three feeds of bench/hugo-site/ and nothing else; Hugo (pages) also writes a page per article (its HTML), so it renders every article as presswire must. presswire also validates and sanitizes every article, writes section feeds, the RFC 5005 archive, the corrections feed, the index page and its state (docs/architecture.md, "Benchmark").',
      ],
      ok: met.every(Boolean),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
