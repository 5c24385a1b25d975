import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { article, writeJpeg } from './newsroom.js';

/**
 * A generated newsroom large enough that a build takes a few seconds (crash
 * safety, the lock, a slow scheduled run), without a test hook that slows builds down on
 * purpose. Deterministic: the same arguments write the same bytes.
 */

const PARAGRAPH =
  'Officials at the district water authority said the pumps would be repaired by the end of the month, ' +
  'but residents who queue at the hand pumps before dawn say they have heard that promise before. ' +
  '*Reporting* by our [correspondent](/staff/a-reporter/) in the region.\n\n';

export interface CorpusOptions {
  /** How many articles. */
  count: number;
  /** How many of them carry a lead image (each its own generated JPEG). */
  images?: number;
  /** Variant of the text: a different variant is a different version of every article with a correction. */
  variant?: number;
}

export async function writeCorpus(articlesDir: string, options: CorpusOptions): Promise<void> {
  const variant = options.variant ?? 0;
  await mkdir(path.join(articlesDir, 'bulk'), { recursive: true });
  for (let i = 0; i < (options.images ?? 0); i++) {
    const file = path.join(articlesDir, 'bulk', `photo-${i}.jpg`);
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (!exists) await writeJpeg(file, 1000 + 40 * i, 700);
  }
  for (let i = 0; i < options.count; i++) {
    const published = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
    const fields: Record<string, unknown> = { title: `Dispatch ${i}`, published, tags: ['Water', 'Courts'] };
    if (i < (options.images ?? 0)) fields.image = { src: `photo-${i}.jpg`, alt: `Photo ${i}`, credit: 'Corpus Agency' };
    // Every tenth article carries a correction in variants after the first, so a new variant changes the feeds.
    if (variant > 0 && i % 10 === 0) {
      fields.corrections = [
        {
          date: new Date(Date.UTC(2025, 0, 1) + variant * 86_400_000 + i * 60_000).toISOString(),
          text: `Correction ${variant} to dispatch ${i}.`,
        },
      ];
    }
    const body =
      PARAGRAPH.repeat(6) +
      `## Background ${variant > 0 && i % 10 === 0 ? variant : ''}\n\n- one\n- two\n\n` +
      PARAGRAPH.repeat(4);
    await writeFile(path.join(articlesDir, 'bulk', `dispatch-${i}.md`), article(fields, body));
  }
}

/** Write a file the way an editor's deploy should: aside, then renamed in (a run never reads half of it). */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Not a .md name, so discovery never picks it up half-written.
  const aside = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(aside, content);
  await rename(aside, file);
}

/** Every regular file under `dir` (relative path → sha256 of its bytes); missing folder → empty. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const result: Record<string, string> = {};
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    // A file may vanish between readdir and read (a build's temporary file being renamed).
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EISDIR') return undefined;
      throw error;
    });
    if (bytes) result[name.split(path.sep).join('/')] = createHash('sha256').update(bytes).digest('hex');
  }
  return result;
}

/** Every regular file under `out` (path relative to it, in the platform's form → its bytes), for byte-for-byte comparisons. */
export async function publishedBytes(out: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(out, file), await readFile(file));
  }
  return files;
}

/** Copy a whole newsroom folder (articles, out, state) to a fresh place. */
export async function copyTree(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, preserveTimestamps: true });
}
