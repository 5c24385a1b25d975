import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeArticleCorpus } from '../bench/articles-corpus.js';
import { FULL_RECIPE, generateNewsroom } from '../bench/generate.js';

/**
 * `npx tsx scripts/compare-outputs.ts <git revision>`: does this checkout publish the same
 * bytes as <revision>? For a refactor that must not change behaviour. Both build, twice
 * with an edit in between, and `check`: the example newsroom, a 3,000-article corpus with
 * section/tag/author and partner feeds, an images newsroom, and the four adoption fixtures.
 * Compared: every file of out/, the printed lines, and the state files that hold no
 * timestamps, process ids or random names. Exit 1 on any difference.
 */

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const revision = process.argv[2];
if (!revision) throw new Error('usage: npx tsx scripts/compare-outputs.ts <git revision>');
// noop-index.json holds file identities (inodes, times) and the code's: like published.json, never the same twice.
const VOLATILE_STATE = new Set([
  'article-cache',
  'bodies',
  'images.json',
  'published.json',
  'status.json',
  'noop-index.json',
]);
const CONFIG = {
  site: { title: 'Ref', url: 'https://ref.example/', author: { name: 'Desk' } },
  feeds: { facets: { sections: true, tags: true, authors: true }, partners: ['google-news'] },
};

interface Corpus {
  name: string;
  make(dir: string): Promise<void>;
  edit(dir: string): Promise<void>;
}

const work = await mkdtemp(path.join(tmpdir(), 'presswire-compare-'));
const sources = path.join(work, 'sources');
await writeArticleCorpus(path.join(sources, 'scale'), 3000);
await generateNewsroom(
  path.join(sources, 'images'),
  { ...FULL_RECIPE, photos: 16, articles: 80, minWidth: 1200, maxWidth: 1400 },
  () => undefined,
);
const replace = async (file: string, from: string | RegExp, to: string) =>
  writeFile(file, (await readFile(file, 'utf8')).replace(from, to));
const withConfig = (source: string) => async (dir: string) => {
  await cp(source, path.join(dir, 'articles'), { recursive: true });
  await writeFile(path.join(dir, 'presswire.config.json'), JSON.stringify(CONFIG));
};
const CORPORA: Corpus[] = [
  {
    name: 'example',
    make: async (dir) => {
      await cp(path.join(REPO, 'articles'), path.join(dir, 'articles'), { recursive: true });
      await cp(path.join(REPO, 'presswire.config.json'), path.join(dir, 'presswire.config.json'));
    },
    edit: async (dir) => {
      await replace(
        path.join(dir, 'articles/2026/tribunal-verdict.md'),
        /$/,
        '\nA late paragraph added without notice.\n',
      );
      await rm(path.join(dir, 'articles/2018/summit-statement.md'));
    },
  },
  {
    name: 'scale',
    make: withConfig(path.join(sources, 'scale/articles')),
    edit: async (dir) => {
      await replace(path.join(dir, 'articles/2001/dispatch-1.md'), /^dek: /m, 'updated: 2026-06-01T12:00:00Z\ndek: ');
      await writeFile(path.join(dir, 'articles/2002/dispatch-2.md'), '---\ntitle: Broken\n---\nno date\n');
      await rm(path.join(dir, 'articles/2003/dispatch-3.md'));
    },
  },
  {
    name: 'images',
    make: withConfig(path.join(sources, 'images/articles')),
    edit: (dir) => replace(path.join(dir, 'articles/news/dispatch-00003.md'), 'credit: Bench Agency', 'credit: Other'),
  },
  ...['jekyll', 'hugo', 'eleventy', 'astro'].map((site) => ({
    name: site,
    make: (dir: string) => cp(path.join(REPO, 'test/fixtures/sites', site), dir, { recursive: true }),
    edit: async () => undefined,
  })),
];

function run(cli: string, dir: string, args: string[], now: string): string {
  try {
    return execFileSync(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { ...process.env, PRESSWIRE_NOW: now },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return `${failed.stdout}${failed.stderr}exit ${failed.status}\n`;
  }
}

/** Printed lines without what differs from run to run: times, durations, progress. */
const steady = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.includes('"event":"progress"'))
    .map((line) => line.replace(/"(time|durationMs)":("[^"]*"|[0-9.]+)/g, '"$1":0').replace(/[0-9.]+ m?s$/, ''))
    .join('\n');

async function snapshot(checkout: string, into: string): Promise<void> {
  const cli = path.join(checkout, 'bin/presswire.js');
  for (const corpus of CORPORA) {
    const dir = path.join(work, 'run', corpus.name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await corpus.make(dir);
    const printed: string[] = [steady(run(cli, dir, ['check', '--json'], '2026-06-01T00:00:00Z'))];
    for (const [step, now] of [
      ['1', '2026-06-01T00:00:00Z'],
      ['2', '2026-06-02T00:00:00Z'],
    ] as const) {
      if (step === '2') await corpus.edit(dir);
      printed.push(steady(run(cli, dir, ['build'], now)), steady(run(cli, dir, ['check'], now)));
      const target = path.join(into, `${corpus.name}.${step}`);
      await cp(path.join(dir, 'out'), path.join(target, 'out'), { recursive: true });
      for (const name of await readdir(path.join(dir, 'out.presswire'))) {
        if (!VOLATILE_STATE.has(name))
          await cp(path.join(dir, 'out.presswire', name), path.join(target, 'state', name));
      }
    }
    await writeFile(path.join(into, `${corpus.name}.printed`), printed.join('\n--\n'));
  }
}

try {
  const baseline = path.join(work, 'baseline');
  execFileSync('git', ['worktree', 'add', '--detach', baseline, revision], { cwd: REPO, stdio: 'ignore' });
  execFileSync('npm', ['ci', '--silent'], { cwd: baseline, stdio: 'ignore' });
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build-dist.mjs')], { cwd: REPO, stdio: 'ignore' });
  await snapshot(baseline, path.join(work, 'before'));
  await snapshot(REPO, path.join(work, 'after'));
  try {
    execFileSync('diff', ['-r', '-q', path.join(work, 'before'), path.join(work, 'after')], { stdio: 'inherit' });
    console.log(`same outputs as ${revision}: ${CORPORA.length} newsrooms, two builds and three checks each`);
  } catch {
    console.log(`outputs differ from ${revision} (listed above)`);
    process.exitCode = 1;
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', path.join(work, 'baseline')], { cwd: REPO, stdio: 'ignore' });
  await rm(work, { recursive: true, force: true });
}
