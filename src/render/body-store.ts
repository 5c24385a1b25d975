import { hash, randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isFinalBody } from './final-body.js';

/**
 * Rendered bodies kept between builds, in pack files in `<state>/bodies/`.
 *
 * A rebuild that rewrites a feed needs the content of every entry in it, and an article
 * whose file did not change is not parsed: without this store each such body was rendered
 * again from its Markdown (about 2 ms each in a fresh process, so 0.4 s for the hundred
 * entries of an archive page and the windows around one corrected article). Reading one
 * back costs a few microseconds.
 *
 * Packs, not a file per body: creating 10,000 small files cost 1.5 s of kernel time on
 * ext4, a seventh of a cold build; the same bytes in a few hundred packs cost next to
 * nothing. Each worker thread writes the pack of the articles it rendered (workers/
 * tasks.ts), so storing costs the main thread nothing. Where each
 * body lies (pack, offset, length, SHA-256) is recorded beside the article in the article
 * cache (load/article-cache.ts), which also decides when a pack is no longer needed. A
 * later build checks the SHA-256 of every body it reads: a torn or damaged pack (a crash, a
 * power cut) gives a miss, never wrong content, which is why packs are written in place
 * rather than aside and renamed like the feeds. The build that stored a body reads it back
 * unchecked (`writtenNow`): the check guards what happened between builds, and a crash after
 * the pack was written would have ended that build too. At 10,000 articles that check was
 * 120 ms of the feed threads' CPU in a cold build, for bodies written a second earlier.
 */

/** Bump when Markdown rendering or sanitizing changes its output for the same input. */
export const RENDER_VERSION = 2;

/** Where one stored body lies. */
export interface StoredBody {
  pack: string;
  /** Byte offset and length in the pack. */
  offset: number;
  length: number;
  /** SHA-256 of those bytes, its first 128 bits in hex: plenty to tell damage, and half the size in every cache record. */
  sha256: string;
  /** The body goes into its entry's content as it is (final-body.ts); absent when not, or not known. */
  final?: true;
}

/**
 * An entry's content as a feed thread can finish it without the main thread: what comes
 * before its body, and where that body, final as stored, lies (workers/feed-worker.ts).
 */
export interface StoredContent extends StoredPlace {
  before: string;
}

/** Where a body lies: the store's folder and its place there. */
export interface StoredPlace {
  folder: string;
  body: StoredBody;
  /** Stored by the build that reads it: read back without checking its digest (see above). */
  writtenNow?: true;
}

/** Bodies per pack written by writePacks: a few MB, so writing one holds little memory. */
const PACK_BODIES = 512;
const SUFFIX = '.pack';

export function bodyStoreFolder(stateDir: string): string {
  return path.join(stateDir, 'bodies');
}

function digest(bytes: Buffer): string {
  return hash('sha256', bytes, 'hex').slice(0, 32);
}

/** How many bodies a pack was written with (it is in its name). */
export function bodiesInPack(pack: string): number {
  return Number(/-(\d+)\.pack$/.exec(pack)?.[1] ?? 0);
}

/** One pack's bytes and where each body lies in it. Packs get unique names: nothing else depends on them. */
function pack(htmls: readonly string[]): { name: string; bytes: Buffer; bodies: StoredBody[] } {
  const name = `${randomUUID()}-${htmls.length}${SUFFIX}`;
  const buffers = htmls.map((html) => Buffer.from(html, 'utf8'));
  let offset = 0;
  const bodies = buffers.map((buffer, k) => {
    const html = htmls[k] as string;
    const body: StoredBody = { pack: name, offset, length: buffer.length, sha256: digest(buffer) };
    if (isFinalBody(html)) body.final = true;
    offset += buffer.length;
    return body;
  });
  return { name, bytes: Buffer.concat(buffers), bodies };
}

/**
 * One pack of `htmls`, written synchronously (by a worker thread, after its batch); where
 * each lies, in order. Undefined when it could not be written: storing is best effort.
 */
export function writePackSync(folder: string, htmls: readonly string[]): StoredBody[] | undefined {
  if (htmls.length === 0) return [];
  const { name, bytes, bodies } = pack(htmls);
  try {
    writeFileSync(path.join(folder, name), bytes);
    return bodies;
  } catch {
    return undefined;
  }
}

/** Writes `bodies` into packs, one after another; returns where each body lies, by its `id` (the caller's name for it). */
export async function writePacks(
  folder: string,
  bodies: readonly { id: string; html: string }[],
): Promise<Map<string, StoredBody>> {
  const where = new Map<string, StoredBody>();
  if (bodies.length === 0) return where;
  await mkdir(folder, { recursive: true });
  for (let start = 0; start < bodies.length; start += PACK_BODIES) {
    const group = bodies.slice(start, start + PACK_BODIES);
    const { name, bytes, bodies: stored } = pack(group.map(({ html }) => html));
    await writeFile(path.join(folder, name), bytes);
    group.forEach(({ id }, k) => where.set(id, stored[k] as StoredBody));
  }
  return where;
}

/**
 * A stored body, or undefined when its pack is missing, short or damaged (its digest checked
 * unless `writtenNow`). Synchronous: it runs inside serializers.
 */
export function readStoredBody(folder: string, body: StoredBody, writtenNow?: true): string | undefined {
  const reader = storedBodyReader(folder);
  try {
    return reader.read(body, writtenNow);
  } finally {
    reader.close();
  }
}

/**
 * Reads many stored bodies, each pack opened once (a feed document's entries lie in a few
 * packs): readStoredBody's answer for each; `close` closes every pack it opened.
 */
export function storedBodyReader(folder: string): {
  /** The body, or undefined; its digest is checked unless it was `writtenNow` (StoredPlace). */
  read(body: StoredBody, writtenNow?: true): string | undefined;
  close(): void;
} {
  const open = new Map<string, number | undefined>();
  const fdOf = (pack: string): number | undefined => {
    if (open.has(pack)) return open.get(pack);
    let fd: number | undefined;
    try {
      fd = openSync(path.join(folder, pack), 'r');
    } catch {
      fd = undefined;
    }
    open.set(pack, fd);
    return fd;
  };
  return {
    read(body, writtenNow) {
      const fd = fdOf(body.pack);
      if (fd === undefined) return undefined;
      try {
        const buffer = Buffer.allocUnsafe(body.length);
        if (readSync(fd, buffer, 0, body.length, body.offset) !== body.length) return undefined;
        if (!writtenNow && digest(buffer) !== body.sha256) return undefined;
        return buffer.toString('utf8');
      } catch {
        return undefined;
      }
    },
    close() {
      for (const fd of open.values()) if (fd !== undefined) closeSync(fd);
      open.clear();
    },
  };
}

/** Removes every pack not in `used`. */
export async function removePacksExcept(folder: string, used: ReadonlySet<string>): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.endsWith(SUFFIX) && !used.has(name)) await rm(path.join(folder, name), { force: true });
  }
}
