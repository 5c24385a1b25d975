import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { mapLimit } from '../src/util/pool.js';

/**
 * The synthetic newsroom of the images benchmark, made by its own generator:
 * photographic-like JPEG sources (smooth colour fields + fine grain, so they decode and
 * encode like photos, not like flat test cards) and articles that use them as lead and
 * body images. Seeded: the same options always give the same bytes, so a newsroom left on
 * disk by an earlier run is reused when its recipe matches.
 */

export interface NewsroomRecipe {
  /** Number of source photos. */
  photos: number;
  /** Number of articles (each has a lead photo; every fifth has a body photo too). */
  articles: number;
  /** Photo width range in pixels (height is 2/3 of the width: 2400×1600 … 3000×2000). */
  minWidth: number;
  maxWidth: number;
  seed: number;
}

export const FULL_RECIPE: NewsroomRecipe = { photos: 200, articles: 1000, minWidth: 2400, maxWidth: 3000, seed: 3 };

export interface Newsroom {
  root: string;
  articlesDir: string;
  /** Photo paths relative to the articles folder, in generation order. */
  photos: string[];
}

/** mulberry32: small, fast, good enough for test data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One photographic-like JPEG, from a seed. */
export async function makePhoto(width: number, height: number, seed: number): Promise<Buffer> {
  const rand = random(seed);
  // Low-frequency content: a few smooth colour waves at low resolution, upscaled (sky, walls, skin).
  const cw = 150;
  const ch = 100;
  const coarse = Buffer.alloc(cw * ch * 3);
  const waves = Array.from({ length: 3 }, () =>
    Array.from({ length: 6 }, (_, k) => {
      // Four broad waves (light, large shapes) and two finer ones (texture, edges).
      const f = k < 4 ? 0.12 : 0.8;
      return { fx: rand() * f, fy: rand() * f, phase: rand() * 6.3, amp: k < 4 ? 20 + rand() * 40 : 8 + rand() * 12 };
    }),
  );
  const base = [40 + rand() * 170, 40 + rand() * 170, 40 + rand() * 170];
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      for (let c = 0; c < 3; c++) {
        let v = base[c] ?? 128;
        for (const w of waves[c] ?? []) v += w.amp * Math.sin(w.fx * x + w.fy * y + w.phase);
        coarse[(y * cw + x) * 3 + c] = Math.max(0, Math.min(255, v));
      }
    }
  }
  // High-frequency content: sensor-like grain over the whole frame (what makes photos cost to encode).
  const grain = Buffer.alloc(width * height);
  let state = (seed * 2654435761) >>> 0;
  for (let i = 0; i < grain.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    grain[i] = 128 + (((state >>> 0) & 31) - 16);
  }
  const smooth = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } })
    .resize({ width, height, kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  return sharp(smooth, { raw: { width, height, channels: 3 } })
    .composite([{ input: grain, raw: { width, height, channels: 1 }, blend: 'soft-light' }])
    .withExif({ IFD0: { Make: 'presswire-bench', Model: 'synthetic', Copyright: 'bench' } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export function photoSize(recipe: NewsroomRecipe, index: number): { width: number; height: number } {
  const rand = random(recipe.seed * 100_003 + index);
  const width = recipe.minWidth + Math.floor(rand() * (recipe.maxWidth - recipe.minWidth + 1));
  return { width, height: Math.round((width * 2) / 3) };
}

/** The photos an article uses: its lead, with a caption and a credit of its own, and every fifth a body photo without either. */
function photosOf(
  recipe: NewsroomRecipe,
  index: number,
): { lead: number; caption: string; credit: string; body?: number } {
  return {
    lead: index % recipe.photos,
    caption: `A scene from dispatch ${index}.`,
    credit: 'Bench Agency',
    ...(index % 5 === 0 ? { body: (index * 7 + 3) % recipe.photos } : {}),
  };
}

/**
 * Every use of every photo as its article declares it (photo index → the declared rights
 * of each use, one entry per distinct caption and credit), for the per-use baseline.
 */
export function photoUses(recipe: NewsroomRecipe): { caption?: string; credit?: string }[][] {
  const uses = Array.from({ length: recipe.photos }, () => new Map<string, { caption?: string; credit?: string }>());
  for (let i = 0; i < recipe.articles; i++) {
    const { lead, caption, credit, body } = photosOf(recipe, i);
    uses[lead]?.set(JSON.stringify([caption, credit]), { caption, credit });
    if (body !== undefined) uses[body]?.set('[]', {});
  }
  return uses.map((ofPhoto) => [...ofPhoto.values()]);
}

function articleText(recipe: NewsroomRecipe, index: number, photos: string[]): string {
  const rand = random(recipe.seed * 7919 + index);
  const uses = photosOf(recipe, index);
  const lead = photos[uses.lead];
  const body = uses.body === undefined ? undefined : photos[uses.body];
  const day = new Date(Date.UTC(2020, 0, 1) + index * 6 * 3_600_000).toISOString().replace('.000Z', 'Z');
  const words = ['rights', 'court', 'village', 'water', 'hearing', 'families', 'report', 'border', 'clinic', 'witness'];
  const sentence = () =>
    Array.from({ length: 12 + Math.floor(rand() * 10) }, () => words[Math.floor(rand() * words.length)]).join(' ') +
    '.';
  const paragraphs = Array.from({ length: 6 }, () => `${sentence()} ${sentence()} ${sentence()}`);
  if (body) paragraphs.splice(3, 0, `![A scene from the reporting](../${body})`);
  return (
    `---\ntitle: "Dispatch ${index}"\npublished: ${day}\nslug: dispatch-${index}\n` +
    `image:\n  src: ../${lead}\n  alt: Photo for dispatch ${index}\n  caption: ${uses.caption}\n  credit: ${uses.credit}\n` +
    `---\n${paragraphs.join('\n\n')}\n`
  );
}

/**
 * Write the newsroom into `root` (articles/, images in articles/images/) unless a newsroom
 * of the same recipe is already there (the recipe is stamped in `recipe.json`).
 */
export async function generateNewsroom(
  root: string,
  recipe: NewsroomRecipe,
  log: (line: string) => void,
): Promise<Newsroom> {
  const articlesDir = path.join(root, 'articles');
  const photos = Array.from({ length: recipe.photos }, (_, i) => `images/photo-${String(i).padStart(4, '0')}.jpg`);
  const stamp = path.join(root, 'recipe.json');
  const wanted = JSON.stringify(recipe);
  if ((await readFile(stamp, 'utf8').catch(() => '')) === wanted) {
    log(`reusing the generated newsroom in ${root}`);
    return { root, articlesDir, photos };
  }
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(articlesDir, 'images'), { recursive: true });
  await mkdir(path.join(articlesDir, 'news'), { recursive: true });
  const started = performance.now();
  await mapLimit(photos, availableParallelism(), async (photo, index) => {
    const { width, height } = photoSize(recipe, index);
    await writeFile(path.join(articlesDir, photo), await makePhoto(width, height, recipe.seed * 1_000_003 + index));
  });
  await mapLimit(
    Array.from({ length: recipe.articles }, (_, i) => i),
    64,
    (i) =>
      writeFile(
        path.join(articlesDir, 'news', `dispatch-${String(i).padStart(5, '0')}.md`),
        articleText(recipe, i, photos),
      ),
  );
  await writeFile(stamp, wanted);
  log(
    `generated ${recipe.photos} photos and ${recipe.articles} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { root, articlesDir, photos };
}
