import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { articlePathOf, writeArticleCorpus } from './articles-corpus.js';
import type { BenchReport } from './images.js';
import { buildDist, formatTable, median, measureNode, REPO_ROOT } from './measure.js';

/**
 * A correction live within a second: `presswire schedule` (watching the articles) over a
 * corpus of `articles`, built cold first. Then, `corrections` times: a corrected article is
 * renamed into place, and the bench waits for `atom.xml` to be renamed into place by the run
 * that change started. Figures, medians:
 *   latency     the article's rename → the corrected atom.xml in place (target ≤ 1 s)
 *   presswire   the run's start → atom.xml in place: presswire's own work (target ≤ 0.3 s)
 *   noticed     the article's rename → the run's start line (the watcher and the settle delay)
 */

const CLI = path.join(REPO_ROOT, 'bin/presswire.js');
const TARGET_LATENCY_MS = 1000;
const TARGET_OWN_MS = 300;

interface Sample {
  latency: number;
  own: number;
  noticed: number;
}

export async function runWatchBench(options: {
  articles: number;
  corrections: number;
  log: (line: string) => void;
}): Promise<BenchReport> {
  buildDist();
  const dir = await mkdtemp(path.join(tmpdir(), 'presswire-watch-'));
  try {
    const articles = await writeArticleCorpus(dir, options.articles);
    await writeFile(
      path.join(dir, 'presswire.config.json'),
      JSON.stringify({
        site: { title: 'Bench Newsroom', url: 'https://bench.example/' },
        schedule: { cron: '0 0 1 1 *' },
      }),
    );
    options.log(`watch: ${options.articles} articles written; cold build`);
    const cold = await measureNode([CLI, 'build', '--json'], { cwd: dir });
    if (cold.code !== 0) throw new Error(`cold build exited ${cold.code}: ${cold.stderr.slice(0, 2000)}`);
    const samples = await correctWhileScheduled(dir, articles, options);
    const row = (name: string, pick: (s: Sample) => number, target?: number) => {
      const values = samples.map(pick);
      const mid = median(values);
      return [
        name,
        values.map((v) => v.toFixed(0)).join(' '),
        mid.toFixed(0),
        target === undefined ? '' : `≤ ${target}`,
        target === undefined ? '' : mid <= target ? 'met' : 'MISSED',
      ];
    };
    const rows = [
      row('latency: rename → atom.xml', (s) => s.latency, TARGET_LATENCY_MS),
      row("presswire's own: run start → atom.xml", (s) => s.own, TARGET_OWN_MS),
      row('noticed: rename → run start', (s) => s.noticed),
    ];
    const ok = rows.every((r) => r[4] !== 'MISSED');
    return {
      table: formatTable(['ms, each correction', 'runs', 'median', 'target', ''], rows),
      notes: [
        `${options.articles} articles, ${options.corrections} corrections, one at a time; presswire schedule with the watch on, its slot a year away.`,
        'Times are read on this process: the rename and the atom.xml rename by clock and fs.watch, the run start from its --json line (its arrival).',
      ],
      ok,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function correctWhileScheduled(
  dir: string,
  articles: string,
  options: { articles: number; corrections: number; log: (line: string) => void },
): Promise<Sample[]> {
  const child = spawn(process.execPath, [CLI, 'schedule', '--json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const starts: number[] = [];
  let onLine: ((event: Record<string, unknown>) => void) | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    if (event.event === 'run-started') starts.push(performance.now());
    onLine?.(event);
  });
  const until = (match: (event: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve) => {
      onLine = (event) => {
        if (match(event)) resolve();
      };
    });
  try {
    await until((event) => event.event === 'schedule-started');
    const samples: Sample[] = [];
    const out = path.join(dir, 'out');
    for (let i = 0; i < options.corrections; i++) {
      const file = articlePathOf(dir, 7 + i * 97);
      const text = (await readFile(file, 'utf8')).replace(/^---\n/, `---\nupdated: 2026-12-0${1 + i}T10:00:00Z\n`);
      await writeFile(`${file}.tmp`, text);
      const before = (await stat(path.join(out, 'atom.xml'))).ino;
      const placed = new Promise<number>((resolve) => {
        const watcher = watch(out, (_event, name) => {
          if (name !== 'atom.xml') return;
          void stat(path.join(out, 'atom.xml')).then((info) => {
            if (info.ino === before) return;
            watcher.close();
            resolve(performance.now());
          });
        });
      });
      const finished = until((event) => event.event === 'run-finished');
      const startsBefore = starts.length;
      const renamedAt = performance.now();
      await rename(`${file}.tmp`, file);
      const atomAt = await placed;
      await finished;
      const runStart = starts[startsBefore] ?? atomAt;
      samples.push({ latency: atomAt - renamedAt, own: atomAt - runStart, noticed: runStart - renamedAt });
      options.log(`watch: correction ${i + 1}: ${(atomAt - renamedAt).toFixed(0)} ms`);
    }
    return samples;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
