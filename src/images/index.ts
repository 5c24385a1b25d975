import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageRenditions, ImageTable } from '../model.js';
import { writeFileAtomic } from '../publish/atomic-write.js';

/**
 * The images stage. SEAM (issue 2): until responsive renditions land (issue 3), each
 * source is published once, as is, under a content-addressed name in out/images/.
 */

export interface ImageJob {
  /** Source path relative to the articles root. */
  source: string;
}

export interface ImageStageOptions {
  articlesDir: string;
  outDir: string;
  /** Absolute site URL, ending in "/". */
  siteUrl: string;
  /** Decide and measure, but write nothing (`presswire check`). */
  dryRun: boolean;
}

export interface ImageStageResult {
  table: ImageTable;
  /** Per source path: why it could not be used ("expected … but …"). */
  failures: Map<string, string>;
  /** Files under out/, relative to it. */
  written: string[];
  unchanged: string[];
}

const FORMATS: Record<string, { ext: string; mime: string }> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
};

export async function produceImages(jobs: readonly ImageJob[], options: ImageStageOptions): Promise<ImageStageResult> {
  const table = new Map<string, ImageRenditions>();
  const failures = new Map<string, string>();
  const written: string[] = [];
  const unchanged: string[] = [];
  const root = await realpath(options.articlesDir);
  for (const job of jobs) {
    if (table.has(job.source) || failures.has(job.source)) continue;
    const fail = (message: string) => failures.set(job.source, message);
    const absolute = path.join(options.articlesDir, job.source);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      fail('expected an image file but there is no file at this path');
      continue;
    }
    if (real !== root && !real.startsWith(root + path.sep)) {
      fail('expected an image inside the articles folder but the path leads outside it (through a symbolic link)');
      continue;
    }
    const info = await stat(real);
    if (!info.isFile()) {
      fail('expected an image file but this is not a regular file');
      continue;
    }
    const bytes = await readFile(real);
    let width: number;
    let height: number;
    let format: string;
    try {
      const metadata = await sharp(bytes, { failOn: 'error' }).metadata();
      width = metadata.autoOrient?.width ?? metadata.width ?? 0;
      height = metadata.autoOrient?.height ?? metadata.height ?? 0;
      format = metadata.format ?? 'unknown';
    } catch (error) {
      fail(`expected a decodable image but the decoder said: ${(error as Error).message}`);
      continue;
    }
    const known = FORMATS[format];
    if (!known) {
      fail(`expected a JPEG image but received ${format}`);
      continue;
    }
    const name = `images/${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${known.ext}`;
    if (!options.dryRun) {
      // Content-addressed: an existing file already holds exactly these bytes.
      const target = path.join(options.outDir, name);
      const exists = await stat(target).then(() => true, () => false);
      if (!exists) await writeFileAtomic(target, bytes);
      (exists ? unchanged : written).push(name);
    }
    table.set(job.source, {
      source: job.source,
      width,
      height,
      renditions: [{ url: new URL(name, options.siteUrl).href, width, height, format: 'jpeg', mimeType: known.mime, bytes: bytes.length }],
    });
  }
  return { table, failures, written, unchanged };
}
