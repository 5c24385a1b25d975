import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { articleText, writeArticleCorpus } from './articles-corpus.js';
import type { BenchReport } from './images.js';
import {
  buildDist,
  formatTable,
  measureNode,
  mib,
  OutputTrash,
  REPO_ROOT,
  seconds,
  writeBackDirtyPages,
  type Measured,
} from './measure.js';

/**
 * Adopting an existing site (README "Adopting presswire on an existing site"): the same
 * articles written twice, once in presswire's dialect and once as an existing Jekyll and
 * Hugo archive (half each: Jekyll's dated file names and `date: 2014-03-12 10:00:00 -0500`,
 * offset-less times and bare dates, YAML; Hugo's TOML and YAML, `lastmod`, `summary`;
 * template tags in a fifth of the bodies), read with `input.dialect: auto`. Three
 * alternating pairs of cold builds in one run; the medians are compared.
 * Targets: the foreign archive builds with 0 failures, at ≤ 1.15× the presswire cold build.
 */

const CLI = path.join(REPO_ROOT, 'bin/presswire.js');
const LIMIT = 1.15;

/** One corpus article (bench/articles-corpus.ts) in Jekyll's or Hugo's conventions (pure, seeded by `index`). */
export function foreignText(index: number): { file: string; text: string } {
  const original = articleText(index);
  const end = original.indexOf('\n---\n', 4);
  const head = original.slice(4, end);
  let body = original.slice(end + 5);
  const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)?.[1] ?? '';
  const title = field('title');
  const dek = field('dek');
  const published = field('published'); // 2003-04-05T06:15:00+02:00
  const section = field('section');
  const tags = field('tags');
  const author = field('authors').replace(/^\[|\]$/g, '');
  const [date = '', time = ''] = published.split('T');
  const clock = time.slice(0, 8);
  const slug = `dispatch-${index}`;
  if (index % 5 === 2) {
    body = `{% raw %}{{ ignored }}{% endraw %} See [the archive]({{ site.baseurl }}/archive/).\n\n${body}\n{{< youtube dQw4w9WgXcQ >}}\n`;
  }
  if (index % 2 === 0) {
    // Jekyll: _posts/YYYY-MM-DD-slug.md; three ways of writing the date.
    const dateLine = [`date: ${date} ${clock} +0200`, `date: ${date} ${clock}`, ''][index % 3];
    const text =
      `---\nlayout: post\ntitle: ${title}\n${dateLine ? `${dateLine}\n` : ''}categories: [${section}]\n` +
      `tags: ${tags}\nauthor: ${author}\ndescription: ${dek}\n${index % 4 === 0 ? `last_modified_at: ${date} 23:59:59\n` : ''}---\n${body}`;
    return { file: `_posts/${date}-${slug}.md`, text };
  }
  const year = date.slice(0, 4);
  if (index % 4 === 1) {
    const toml =
      `+++\ntitle = ${JSON.stringify(JSON.parse(title))}\ndate = ${published}\nlastmod = ${date}T${clock}\n` +
      `draft = false\nslug = "${slug}"\ncategories = [${JSON.stringify(section)}]\n` +
      `tags = [${tags
        .replace(/^\[|\]$/g, '')
        .split(', ')
        .map((t) => JSON.stringify(t))
        .join(', ')}]\nsummary = ${JSON.stringify(dek)}\nauthors = [${JSON.stringify(author)}]\n+++\n`;
    return { file: `posts/${year}/${slug}.md`, text: `${toml}${body}` };
  }
  const yaml =
    `---\ntitle: ${title}\ndate: ${date}T${clock}\nlastmod: ${date}T23:59:00\nslug: ${slug}\n` +
    `categories: [${section}]\ntags: ${tags}\nsummary: ${dek}\nauthor: ${author}\n---\n`;
  return { file: `posts/${year}/${slug}.md`, text: `${yaml}${body}` };
}

async function writeForeignCorpus(dir: string, count: number): Promise<string> {
  const articles = path.join(dir, 'site');
  await rm(articles, { recursive: true, force: true });
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, k) => {
        const { file, text } = foreignText(start + k);
        await mkdir(path.dirname(path.join(articles, file)), { recursive: true });
        await writeFile(path.join(articles, file), text);
      }),
    );
  }
  return articles;
}

interface Summary {
  failed?: number;
  entries?: number;
}

const PAIRS = 3;

/** The run with the median wall time (an odd count). */
function medianRun(runs: readonly Measured[]): Measured {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as Measured;
}

function summaryOf(measured: Measured): Summary {
  const line = measured.stdout
    .split('\n')
    .reverse()
    .find((text) => text.includes('"build-finished"'));
  return line ? (JSON.parse(line) as Summary) : {};
}

export async function runAdoptBench(options: { articles: number; log: (line: string) => void }): Promise<BenchReport> {
  options.log('building dist/ (scripts/build-dist.mjs)');
  buildDist();
  const dir = await mkdtemp(path.join(tmpdir(), 'presswire-adopt-'));
  try {
    const own = path.join(dir, 'own');
    const foreign = path.join(dir, 'foreign');
    const site = { title: 'Adoption bench', url: 'https://bench.example.org/', description: 'Bench' };
    await mkdir(own, { recursive: true });
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(own, 'presswire.config.json'), JSON.stringify({ site }));
    await writeFile(
      path.join(foreign, 'presswire.config.json'),
      JSON.stringify({
        site: { ...site, timezone: 'America/New_York' },
        articles: 'site',
        input: { dialect: 'auto' },
        ids: { scheme: 'url' },
        feeds: { articlePath: '/:year/:month/:day/:title/' },
      }),
    );
    options.log(`adopt: writing ${options.articles} presswire articles and the same in Jekyll/Hugo conventions`);
    await writeArticleCorpus(own, options.articles);
    await writeForeignCorpus(foreign, options.articles);
    const env = { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' };
    // Each build is cold: its output and state folders are moved aside first, and nothing is
    // left to write back (measure.ts, OutputTrash); the trash goes with `dir` at the end.
    const trash = new OutputTrash(path.join(dir, 'trash'));
    const build = async (cwd: string) => {
      await trash.clear([path.join(cwd, 'out'), path.join(cwd, 'out.presswire')]);
      writeBackDirtyPages();
      return measureNode([CLI, 'build', '--json'], { cwd, env });
    };
    // Alternating pairs, medians: single cold builds of ~10 s swing by 15% on a shared machine.
    const ownRuns: Measured[] = [];
    const foreignRuns: Measured[] = [];
    for (let pair = 1; pair <= PAIRS; pair++) {
      options.log(`adopt: cold build ${pair}/${PAIRS}, presswire dialect`);
      ownRuns.push(await build(own));
      options.log(`adopt: cold build ${pair}/${PAIRS}, Jekyll/Hugo archive`);
      foreignRuns.push(await build(foreign));
    }
    const ownRun = medianRun(ownRuns);
    const foreignRun = medianRun(foreignRuns);
    const ownSummary = summaryOf(ownRun);
    const foreignSummary = summaryOf(foreignRun);
    const ratio = foreignRun.wallMs / ownRun.wallMs;
    const table = formatTable(
      ['corpus', 'articles', 'exit', 'failed', 'entries', 'cold s', 'cpu s', 'peak RSS MiB'],
      [
        [
          'presswire',
          options.articles,
          ownRun.code,
          ownSummary.failed ?? '?',
          ownSummary.entries ?? '?',
          seconds(ownRun.wallMs),
          seconds(ownRun.cpuMs),
          mib(ownRun.peakRssKb),
        ],
        [
          'jekyll+hugo',
          options.articles,
          foreignRun.code,
          foreignSummary.failed ?? '?',
          foreignSummary.entries ?? '?',
          seconds(foreignRun.wallMs),
          seconds(foreignRun.cpuMs),
          mib(foreignRun.peakRssKb),
        ],
      ],
    );
    const clean = foreignRun.code === 0 && foreignSummary.failed === 0 && ownRun.code === 0;
    const fast = ratio <= LIMIT;
    return {
      table,
      notes: [
        `${clean ? 'met ' : 'MISSED'} the Jekyll/Hugo archive builds with 0 failures (exit ${foreignRun.code}, ${foreignSummary.failed ?? '?'} failed)`,
        `${fast ? 'met ' : 'MISSED'} cold build ≤ ${LIMIT}× the presswire dialect's: ${ratio.toFixed(2)}×`,
        `Times are wall-clock seconds of whole processes (start-up included), the median of ${PAIRS} alternating cold builds of each in this run (ratios per pair: ${ownRuns.map((run, i) => ((foreignRuns[i] as Measured).wallMs / run.wallMs).toFixed(2)).join(', ')}).`,
        ...(clean ? [] : [foreignRun.stderr.split('\n').slice(0, 8).join(' | ')]),
      ],
      ok: clean && fast,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
