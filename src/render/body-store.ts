import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Rendered bodies kept between builds (issue 8), one file per body in `<state>/bodies/`.
 * A rebuild that rewrites a feed needs the content of every entry in it, and an article
 * whose file did not change is not parsed: without this store each such body was rendered
 * again from its Markdown (about 2 ms each in a fresh process, so 0.4 s for the hundred
 * entries of an archive page and the windows around one corrected article). Reading one
 * back costs a few microseconds.
 *
 * A body is stored under a key of everything it depends on (renderer version, the file's
 * bytes, the article's URL, which relative links resolve against), so a stored body is
 * either exactly what rendering would give or not found. Files are written beside their
 * name and renamed into place, and carry a hash of their text that is checked on reading:
 * a torn or emptied file (a crash, a power cut) is a miss, never wrong content.
 */

/** Bump when Markdown rendering or sanitizing changes its output for the same input. */
export const RENDER_VERSION = 1;

const FOLDER = 'bodies';
const SUFFIX = '.html';

export function bodyStoreFolder(stateDir: string): string {
  return path.join(stateDir, FOLDER);
}

export function bodyKey(fileHash: string, articleUrl: string): string {
  return createHash('sha256').update(`${RENDER_VERSION}\0${fileHash}\0${articleUrl}`).digest('hex').slice(0, 40);
}

function checksum(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

/** Synchronous: it runs on worker threads beside the rendering, and inline inside serializers. */
export function storeBody(folder: string, key: string, html: string): void {
  const file = path.join(folder, `${key}${SUFFIX}`);
  // The name sweepTemporaryFiles (publish/atomic-write.ts) removes if a crash leaves it.
  const temporary = path.join(folder, `.${key}${SUFFIX}.${process.pid}-${threadId}.presswire-tmp`);
  try {
    writeFileSync(temporary, `${checksum(html)}\n${html}`);
    renameSync(temporary, file);
  } catch {
    // A store that cannot be written only costs the next build a rendering.
    rmSync(temporary, { force: true });
  }
}

export function loadBody(folder: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(folder, `${key}${SUFFIX}`), 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const html = text.slice(newline + 1);
  return newline === 64 && text.slice(0, 64) === checksum(html) ? html : undefined;
}

export async function ensureBodyStore(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
}

/** Removes every stored body whose key is not in `keep` (articles deleted or changed). */
export async function sweepBodies(folder: string, keep: ReadonlySet<string>): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.endsWith(SUFFIX) && !keep.has(name.slice(0, -SUFFIX.length)))
      await rm(path.join(folder, name), { force: true });
  }
}
