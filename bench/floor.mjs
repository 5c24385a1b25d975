/**
 * The floor of the scale benchmark: the least work any cold build must do —
 * read every article, split its front matter with gray-matter, render its Markdown with
 * marked. No validation, no sanitizing, no feeds. Run as its own process:
 *   node bench/floor.mjs <articles dir>
 * Plain JavaScript, like the compiled presswire it is compared with: no TypeScript loader in either.
 * Prints one JSON line: {"articles": n, "ms": …, "maxRssKb": …}.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { marked } from 'marked';

const dir = process.argv[2];
if (!dir) throw new Error('usage: floor.ts <articles dir>');
const started = performance.now();
const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
  .filter((e) => e.isFile() && e.name.endsWith('.md'))
  .map((e) => path.join(e.parentPath, e.name));
let bytes = 0;
for (const file of files) {
  const text = await readFile(file, 'utf8');
  const { content } = matter(text, {});
  bytes += marked.parse(content, { async: false }).length;
}
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ articles: files.length, htmlBytes: bytes, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
