import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A synthetic, article-only newsroom for the scale benchmark: realistic bodies of
 * 600–1,200 words with subheadings, links, lists and quotations; about 10% of articles carry
 * corrections. Seeded, so every run measures the same corpus.
 */

const WORDS = (
  'the of and to in a is that for on with as was by at from his her their said report rights ' +
  'government police court detention family families village district minister lawyer witness ' +
  'authorities camp border release prison statement hearing evidence community water land ' +
  'journalists monitor investigation officials testimony protest order security forces region ' +
  'international law human freedom arrest charges trial appeal victims children women workers ' +
  'health clinic road checkpoint refugees asylum compensation eviction housing documents'
).split(' ');
const SECTIONS = ['Asia', 'Africa', 'Europe', 'Americas', 'Middle East', 'Investigations'];
const TAGS = [
  'Detention',
  'Freedom of Expression',
  'Housing',
  'Migration',
  'Health',
  'Labour',
  'Justice',
  'Press Freedom',
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(random: () => number): string {
  const length = 8 + Math.floor(random() * 16);
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'the');
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number, index: number): string {
  const sentences = Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(random));
  if (random() < 0.4)
    sentences.splice(1, 0, `See [the earlier report](../../${2000 + (index % 25)}/01/report-${index % 997}/).`);
  if (random() < 0.2) sentences.push(`Read [the full findings](https://example.org/findings/${index}).`);
  return sentences.join(' ');
}

export function articleText(index: number): string {
  const random = rng(index + 1);
  const year = 2000 + (index % 26);
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  const published = `${year}-${month}-${day}T${String(index % 24).padStart(2, '0')}:15:00+02:00`;
  const targetWords = 600 + Math.floor(random() * 600);
  const blocks: string[] = [];
  let words = 0;
  let n = 0;
  while (words < targetWords) {
    let block: string;
    if (n > 0 && n % 5 === 0) block = `## ${sentence(random).slice(0, -1)}`;
    else if (n % 7 === 3) block = `> "${sentence(random)} ${sentence(random)}" said one witness.`;
    else if (n % 9 === 4) block = Array.from({ length: 4 }, () => `- ${sentence(random)}`).join('\n');
    else block = paragraph(random, index + n);
    words += block.split(/\s+/).length;
    blocks.push(block);
    n += 1;
  }
  const corrections =
    index % 10 === 7
      ? `corrections:\n  - date: ${year + 1}-01-15T10:00:00Z\n    text: An earlier version of this dispatch misstated the date of the hearing.\n`
      : '';
  return (
    `---\ntitle: "Dispatch ${index}: ${sentence(random).slice(0, 60).replace(/"/g, '')}"\n` +
    `dek: ${sentence(random)}\npublished: ${published}\nauthors: [Staff Reporter ${index % 40}]\n` +
    `section: ${SECTIONS[index % SECTIONS.length]}\ntags: [${TAGS[index % TAGS.length]}, ${TAGS[(index * 3 + 1) % TAGS.length]}]\n` +
    `${corrections}---\n\n${blocks.join('\n\n')}\n`
  );
}

/** Write `count` articles into `dir/articles/<year>/dispatch-<n>.md` (the folder is emptied first). */
export async function writeArticleCorpus(dir: string, count: number): Promise<string> {
  const articles = path.join(dir, 'articles');
  await rm(articles, { recursive: true, force: true });
  const years = new Set<number>();
  for (let i = 0; i < count; i++) years.add(2000 + (i % 26));
  await Promise.all([...years].map((y) => mkdir(path.join(articles, String(y)), { recursive: true })));
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
        const i = start + k;
        return writeFile(path.join(articles, String(2000 + (i % 26)), `dispatch-${i}.md`), articleText(i));
      }),
    );
  }
  return articles;
}

export function articlePathOf(dir: string, index: number): string {
  return path.join(dir, 'articles', String(2000 + (index % 26)), `dispatch-${index}.md`);
}
