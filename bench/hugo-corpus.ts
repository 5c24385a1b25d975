import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { articleText } from './articles-corpus.js';

/**
 * The corpus of the Hugo comparison (bench/hugo.ts): the scale benchmark's articles
 * (bench/articles-corpus.ts) written once in Hugo's conventions — YAML front matter with
 * `date`, `lastmod`, `slug`, `categories`, `tags`, `summary`, `author` — so that Hugo reads it
 * as content and presswire reads the very same files with `input.dialect: hugo`. A corrected
 * article's `lastmod` is its correction's date (Hugo's dialect has no correction notice:
 * presswire shows the article as updated).
 */

/** One corpus article in Hugo's conventions (pure, seeded by `index`). */
export function hugoText(index: number): string {
  const original = articleText(index);
  const end = original.indexOf('\n---\n', 4);
  const head = original.slice(4, end);
  const body = original.slice(end + 5);
  const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(head)?.[1] ?? '';
  const published = field('published');
  const corrected = /^corrections:\n {2}- date: (\S+)/m.exec(head)?.[1];
  return (
    `---\ntitle: ${field('title')}\ndate: ${published}\nlastmod: ${corrected ?? published}\n` +
    `slug: dispatch-${index}\ncategories: [${field('section')}]\ntags: ${field('tags')}\n` +
    `summary: ${field('dek')}\nauthor: ${field('authors').replace(/^\[|\]$/g, '')}\n---\n${body}`
  );
}

/** Write `count` articles into `dir/content/posts/<year>/dispatch-<n>.md` (the folder is emptied first). */
export async function writeHugoCorpus(dir: string, count: number): Promise<string> {
  const content = path.join(dir, 'content');
  await rm(content, { recursive: true, force: true });
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, k) => {
        const i = start + k;
        const file = path.join(content, 'posts', String(2000 + (i % 26)), `dispatch-${i}.md`);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, hugoText(i));
      }),
    );
  }
  return content;
}
