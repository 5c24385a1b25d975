/**
 * make-example-photos — generates the photos of the embedded example newsroom
 * (articles/images/*.jpg).
 *
 * Why the photos are generated: the example articles need lead and body images
 * so that presswire's responsive renditions (480/960/1600 px, WebP + JPEG),
 * srcset markup and Media RSS can be exercised end to end, but the project may
 * only ship pictures it owns outright. Nothing is copied from anywhere: every
 * picture is synthesised here from a seeded PRNG — smooth gradients, soft
 * shapes, low-frequency texture, a vignette and a little grain — so that JPEG
 * and WebP compress it the way they compress a real photograph (no flat areas,
 * no hard synthetic edges), while each file stays small.
 *
 * Deterministic: the same script gives the same pixels (no unseeded randomness,
 * no clock); with the same sharp/libvips build it gives the same bytes. sharp
 * writes no metadata by default, so the files carry no EXIF/XMP/ICC.
 *
 * Run: npx tsx scripts/make-example-photos.ts
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

type RGB = readonly [number, number, number];

/** mulberry32: a tiny, well-distributed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
};
const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/**
 * Smooth 2-D value noise on a seeded, periodic lattice, summed over octaves (fBm),
 * in [0, 1]. Periodic so that any (u, v) is defined, also outside the unit square.
 */
function makeFbm(rand: () => number, octaves: number, baseCells: number): (u: number, v: number) => number {
  const layers: { cells: number; grid: Float32Array; weight: number }[] = [];
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    const cells = baseCells * 2 ** o;
    const grid = new Float32Array(cells * cells);
    for (let i = 0; i < grid.length; i++) grid[i] = rand();
    const weight = 0.5 ** o;
    total += weight;
    layers.push({ cells, grid, weight });
  }
  const wrap = (i: number, n: number): number => ((i % n) + n) % n;
  return (u, v) => {
    let sum = 0;
    for (const { cells, grid, weight } of layers) {
      const x = u * cells;
      const y = v * cells;
      const fx = x - Math.floor(x);
      const fy = y - Math.floor(y);
      const x0 = wrap(Math.floor(x), cells);
      const y0 = wrap(Math.floor(y), cells);
      const x1 = wrap(x0 + 1, cells);
      const y1 = wrap(y0 + 1, cells);
      const sx = fx * fx * (3 - 2 * fx);
      const sy = fy * fy * (3 - 2 * fy);
      const a = grid[y0 * cells + x0] ?? 0;
      const b = grid[y0 * cells + x1] ?? 0;
      const c = grid[y1 * cells + x0] ?? 0;
      const d = grid[y1 * cells + x1] ?? 0;
      sum += weight * lerp(lerp(a, b, sx), lerp(c, d, sx), sy);
    }
    return sum / total;
  };
}

/** A family of soft elliptical shapes scattered over a region of the frame. */
interface ShapeRecipe {
  count: number;
  /** Region of the centres, as fractions of the frame: [x0, x1, y0, y1]. */
  region: readonly [number, number, number, number];
  /** Horizontal radius range, as a fraction of the frame width. */
  size: readonly [number, number];
  /** ry / rx range. */
  aspect: readonly [number, number];
  /** Rotation range in radians. */
  angle?: readonly [number, number];
  colors: readonly RGB[];
  opacity: readonly [number, number];
  /** Width of the soft edge, as a fraction of the radius (0 = hard, 1 = all soft). */
  feather: number;
  /** normal: paint over; add: light (bokeh, lamps, windows). */
  mode: 'normal' | 'add';
}

interface Scene {
  file: string;
  width: number;
  height: number;
  seed: number;
  skyTop: RGB;
  skyBottom: RGB;
  groundTop: RGB;
  groundBottom: RGB;
  /** Horizon as a fraction of the height, and how soft the transition is. */
  horizon: number;
  horizonSoftness: number;
  glow?: { x: number; y: number; radius: number; color: RGB; strength: number };
  shapes: readonly ShapeRecipe[];
  /** Amplitude of the low-frequency brightness texture (clouds, haze, walls). */
  texture: number;
  /** Amplitude of the per-pixel grain, in 0–255 units. */
  grain: number;
  vignette: number;
}

interface Shape {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
  inner: number;
  color: RGB;
  opacity: number;
  add: boolean;
  box: [number, number, number, number];
}

function placeShapes(scene: Scene, rand: () => number): Shape[] {
  const { width: w, height: h } = scene;
  const out: Shape[] = [];
  const pick = (r: readonly [number, number]): number => lerp(r[0], r[1], rand());
  for (const recipe of scene.shapes) {
    for (let i = 0; i < recipe.count; i++) {
      const cx = pick([recipe.region[0], recipe.region[1]]) * w;
      const cy = pick([recipe.region[2], recipe.region[3]]) * h;
      const rx = pick(recipe.size) * w;
      const ry = rx * pick(recipe.aspect);
      const angle = recipe.angle ? pick(recipe.angle) : 0;
      const color = recipe.colors[Math.floor(rand() * recipe.colors.length)] ?? [128, 128, 128];
      const reach = Math.max(rx, ry);
      out.push({
        cx,
        cy,
        rx,
        ry,
        cos: Math.cos(angle),
        sin: Math.sin(angle),
        inner: 1 - recipe.feather,
        color,
        opacity: pick(recipe.opacity),
        add: recipe.mode === 'add',
        box: [
          Math.max(0, Math.floor(cx - reach)),
          Math.min(w - 1, Math.ceil(cx + reach)),
          Math.max(0, Math.floor(cy - reach)),
          Math.min(h - 1, Math.ceil(cy + reach)),
        ],
      });
    }
  }
  return out;
}

function render(scene: Scene): Buffer {
  const { width: w, height: h } = scene;
  const rand = prng(scene.seed);
  const fbm = makeFbm(rand, 4, 3);
  const shapes = placeShapes(scene, rand);
  const px = new Float32Array(w * h * 3);

  // Background: sky and ground gradients meeting at a soft horizon, textured.
  const hz = scene.horizon;
  const soft = scene.horizonSoftness;
  for (let y = 0; y < h; y++) {
    const t = y / (h - 1);
    const skyT = clamp01(t / hz);
    const groundT = clamp01((t - hz) / (1 - hz));
    const mix = smoothstep(hz - soft, hz + soft, t);
    const base = [0, 1, 2].map((c) =>
      lerp(
        lerp(scene.skyTop[c] ?? 0, scene.skyBottom[c] ?? 0, skyT),
        lerp(scene.groundTop[c] ?? 0, scene.groundBottom[c] ?? 0, groundT),
        mix,
      ),
    );
    for (let x = 0; x < w; x++) {
      const u = x / (w - 1);
      // Stretch the texture horizontally so it reads as haze/cloud banks rather than blotches.
      const n = fbm(u, t * (h / w) * 1.6);
      const k = 1 + scene.texture * (n - 0.5) * 2;
      const i = (y * w + x) * 3;
      px[i] = (base[0] ?? 0) * k;
      px[i + 1] = (base[1] ?? 0) * k;
      px[i + 2] = (base[2] ?? 0) * k;
    }
  }

  // A broad light source (sun, window, lamp) — additive, gaussian falloff.
  if (scene.glow) {
    const g = scene.glow;
    const gx = g.x * w;
    const gy = g.y * h;
    const r2 = (g.radius * w) ** 2;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d2 = (x - gx) ** 2 + (y - gy) ** 2;
        const a = g.strength * Math.exp(-d2 / r2);
        const i = (y * w + x) * 3;
        px[i] = (px[i] ?? 0) + g.color[0] * a;
        px[i + 1] = (px[i + 1] ?? 0) + g.color[1] * a;
        px[i + 2] = (px[i + 2] ?? 0) + g.color[2] * a;
      }
    }
  }

  // Soft shapes: hills, figures, buildings, bokeh.
  for (const s of shapes) {
    const [x0, x1, y0, y1] = s.box;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x - s.cx;
        const dy = y - s.cy;
        const u = (dx * s.cos + dy * s.sin) / s.rx;
        const v = (-dx * s.sin + dy * s.cos) / s.ry;
        const d = Math.sqrt(u * u + v * v);
        if (d >= 1) continue;
        const a = s.opacity * (1 - smoothstep(s.inner, 1, d));
        const i = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) {
          const cur = px[i + c] ?? 0;
          px[i + c] = s.add ? cur + (s.color[c] ?? 0) * a : lerp(cur, s.color[c] ?? 0, a);
        }
      }
    }
  }

  // Vignette and grain, then quantise.
  const out = Buffer.alloc(w * h * 3);
  const diag2 = (w / 2) ** 2 + (h / 2) ** 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r2 = ((x - w / 2) ** 2 + (y - h / 2) ** 2) / diag2;
      const vig = 1 - scene.vignette * r2 * r2;
      // Approximately gaussian grain: mostly luminance, a touch of chroma.
      const lum = (rand() + rand() + rand() - 1.5) * scene.grain;
      const i = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const chroma = (rand() - 0.5) * scene.grain * 0.3;
        const v = (px[i + c] ?? 0) * vig + lum + chroma;
        out[i + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return out;
}

const scenes: readonly Scene[] = [
  {
    // Harbour at dusk: warm sky over dark water, cranes and boats on the horizon, lights.
    file: 'summit-harbour.jpg',
    width: 2000,
    height: 1333,
    seed: 20180612,
    skyTop: [58, 62, 104],
    skyBottom: [236, 150, 98],
    groundTop: [52, 60, 84],
    groundBottom: [18, 22, 36],
    horizon: 0.58,
    horizonSoftness: 0.012,
    glow: { x: 0.7, y: 0.55, radius: 0.16, color: [255, 190, 120], strength: 0.55 },
    shapes: [
      {
        count: 9,
        region: [0, 1, 0.55, 0.58],
        size: [0.02, 0.09],
        aspect: [0.15, 0.5],
        colors: [
          [30, 30, 46],
          [40, 36, 52],
        ],
        opacity: [0.7, 0.95],
        feather: 0.25,
        mode: 'normal',
      },
      {
        count: 5,
        region: [0.05, 0.55, 0.45, 0.53],
        size: [0.004, 0.008],
        aspect: [6, 12],
        colors: [[34, 32, 48]],
        opacity: [0.7, 0.9],
        feather: 0.3,
        mode: 'normal',
      },
      {
        count: 40,
        region: [0, 1, 0.56, 0.6],
        size: [0.002, 0.006],
        aspect: [0.8, 1.2],
        colors: [
          [255, 210, 150],
          [255, 240, 200],
        ],
        opacity: [0.4, 0.9],
        feather: 0.7,
        mode: 'add',
      },
      {
        count: 14,
        region: [0.55, 0.85, 0.6, 0.95],
        size: [0.01, 0.05],
        aspect: [0.05, 0.15],
        colors: [[120, 90, 70]],
        opacity: [0.2, 0.45],
        feather: 0.8,
        mode: 'add',
      },
    ],
    texture: 0.1,
    grain: 9,
    vignette: 0.35,
  },
  {
    // Dawn over a river district: pale sky, low roofs, muddy bank.
    file: 'riverbank-dawn.jpg',
    width: 1800,
    height: 1200,
    seed: 20190304,
    skyTop: [150, 172, 196],
    skyBottom: [240, 214, 170],
    groundTop: [120, 104, 84],
    groundBottom: [70, 58, 46],
    horizon: 0.52,
    horizonSoftness: 0.02,
    glow: { x: 0.3, y: 0.5, radius: 0.2, color: [255, 230, 180], strength: 0.4 },
    shapes: [
      {
        count: 16,
        region: [0, 1, 0.47, 0.53],
        size: [0.02, 0.06],
        aspect: [0.3, 0.8],
        colors: [
          [96, 88, 84],
          [120, 104, 92],
          [84, 80, 86],
        ],
        opacity: [0.6, 0.9],
        feather: 0.2,
        mode: 'normal',
      },
      {
        count: 6,
        region: [0, 1, 0.6, 0.9],
        size: [0.08, 0.2],
        aspect: [0.08, 0.2],
        colors: [
          [160, 150, 130],
          [90, 80, 66],
        ],
        opacity: [0.25, 0.5],
        feather: 0.9,
        mode: 'normal',
      },
      {
        count: 4,
        region: [0.2, 0.8, 0.55, 0.75],
        size: [0.006, 0.01],
        aspect: [3, 4.5],
        colors: [
          [48, 40, 40],
          [110, 40, 36],
        ],
        opacity: [0.8, 0.95],
        feather: 0.3,
        mode: 'normal',
      },
    ],
    texture: 0.12,
    grain: 9,
    vignette: 0.3,
  },
  {
    // A snowfield at a border: grey-blue sky, white ground, a line of fence posts.
    file: 'border-snowfield.jpg',
    width: 2000,
    height: 1333,
    seed: 20211118,
    skyTop: [150, 164, 182],
    skyBottom: [206, 212, 220],
    groundTop: [222, 226, 232],
    groundBottom: [188, 196, 208],
    horizon: 0.45,
    horizonSoftness: 0.015,
    shapes: [
      {
        count: 5,
        region: [0, 1, 0.42, 0.46],
        size: [0.1, 0.25],
        aspect: [0.06, 0.12],
        colors: [
          [92, 104, 110],
          [70, 84, 90],
        ],
        opacity: [0.5, 0.8],
        feather: 0.5,
        mode: 'normal',
      },
      {
        count: 22,
        region: [0.05, 0.95, 0.5, 0.62],
        size: [0.0025, 0.004],
        aspect: [10, 16],
        colors: [
          [54, 56, 60],
          [70, 70, 74],
        ],
        opacity: [0.75, 0.95],
        feather: 0.25,
        mode: 'normal',
      },
      {
        count: 8,
        region: [0, 1, 0.65, 1],
        size: [0.1, 0.3],
        aspect: [0.05, 0.12],
        angle: [-0.1, 0.1],
        colors: [[170, 180, 196]],
        opacity: [0.2, 0.4],
        feather: 0.9,
        mode: 'normal',
      },
    ],
    texture: 0.06,
    grain: 8,
    vignette: 0.25,
  },
  {
    // A long institutional corridor with light at the far end.
    file: 'corridor-light.jpg',
    width: 1800,
    height: 1200,
    seed: 20230427,
    skyTop: [70, 78, 72],
    skyBottom: [122, 128, 116],
    groundTop: [104, 104, 96],
    groundBottom: [40, 42, 40],
    horizon: 0.55,
    horizonSoftness: 0.03,
    glow: { x: 0.5, y: 0.5, radius: 0.09, color: [255, 250, 230], strength: 0.9 },
    shapes: [
      {
        count: 1,
        region: [0.5, 0.5, 0.5, 0.5],
        size: [0.04, 0.04],
        aspect: [2.2, 2.2],
        colors: [[250, 248, 236]],
        opacity: [0.9, 0.9],
        feather: 0.35,
        mode: 'normal',
      },
      {
        count: 6,
        region: [0.05, 0.3, 0.3, 0.7],
        size: [0.02, 0.05],
        aspect: [3, 5],
        colors: [[56, 62, 58]],
        opacity: [0.4, 0.7],
        feather: 0.4,
        mode: 'normal',
      },
      {
        count: 6,
        region: [0.7, 0.95, 0.3, 0.7],
        size: [0.02, 0.05],
        aspect: [3, 5],
        colors: [[56, 62, 58]],
        opacity: [0.4, 0.7],
        feather: 0.4,
        mode: 'normal',
      },
      {
        count: 5,
        region: [0.3, 0.7, 0.1, 0.14],
        size: [0.03, 0.05],
        aspect: [0.1, 0.2],
        colors: [[230, 236, 220]],
        opacity: [0.4, 0.7],
        feather: 0.6,
        mode: 'add',
      },
    ],
    texture: 0.08,
    grain: 10,
    vignette: 0.5,
  },
  {
    // A city plaza at blue hour: deep blue sky, warm lamps out of focus.
    file: 'plaza-evening.jpg',
    width: 1800,
    height: 1200,
    seed: 20240809,
    skyTop: [24, 38, 80],
    skyBottom: [70, 96, 150],
    groundTop: [60, 58, 66],
    groundBottom: [30, 28, 34],
    horizon: 0.6,
    horizonSoftness: 0.02,
    shapes: [
      {
        count: 7,
        region: [0, 1, 0.4, 0.6],
        size: [0.04, 0.1],
        aspect: [0.8, 2],
        colors: [
          [36, 36, 50],
          [44, 42, 58],
        ],
        opacity: [0.8, 0.95],
        feather: 0.15,
        mode: 'normal',
      },
      {
        count: 30,
        region: [0, 1, 0.3, 0.75],
        size: [0.008, 0.03],
        aspect: [1, 1],
        colors: [
          [160, 110, 50],
          [180, 140, 80],
          [120, 90, 60],
        ],
        opacity: [0.25, 0.6],
        feather: 0.5,
        mode: 'add',
      },
      {
        count: 12,
        region: [0.2, 0.8, 0.62, 0.8],
        size: [0.006, 0.01],
        aspect: [3, 4],
        colors: [[24, 22, 30]],
        opacity: [0.7, 0.9],
        feather: 0.35,
        mode: 'normal',
      },
    ],
    texture: 0.08,
    grain: 10,
    vignette: 0.4,
  },
  {
    // Portrait frame: a line of water containers in hard midday light.
    file: 'water-queue-portrait.jpg',
    width: 1200,
    height: 1600,
    seed: 20251014,
    skyTop: [120, 168, 214],
    skyBottom: [214, 220, 214],
    groundTop: [198, 160, 110],
    groundBottom: [150, 110, 70],
    horizon: 0.34,
    horizonSoftness: 0.015,
    glow: { x: 0.8, y: 0.05, radius: 0.35, color: [255, 245, 220], strength: 0.35 },
    shapes: [
      {
        count: 10,
        region: [0.1, 0.9, 0.45, 0.9],
        size: [0.04, 0.07],
        aspect: [1.1, 1.5],
        colors: [
          [40, 110, 190],
          [220, 190, 40],
          [200, 70, 50],
          [230, 230, 220],
        ],
        opacity: [0.8, 0.95],
        feather: 0.2,
        mode: 'normal',
      },
      {
        count: 10,
        region: [0.1, 0.9, 0.5, 0.95],
        size: [0.04, 0.08],
        aspect: [0.25, 0.4],
        colors: [[110, 80, 50]],
        opacity: [0.25, 0.45],
        feather: 0.7,
        mode: 'normal',
      },
      {
        count: 3,
        region: [0.15, 0.85, 0.3, 0.34],
        size: [0.08, 0.16],
        aspect: [0.3, 0.5],
        colors: [
          [90, 110, 70],
          [70, 90, 60],
        ],
        opacity: [0.6, 0.85],
        feather: 0.4,
        mode: 'normal',
      },
    ],
    texture: 0.08,
    grain: 9,
    vignette: 0.3,
  },
  {
    // Small body image: a hand pump against a wall.
    file: 'hand-pump.jpg',
    width: 600,
    height: 400,
    seed: 20251015,
    skyTop: [188, 170, 146],
    skyBottom: [170, 150, 124],
    groundTop: [130, 112, 90],
    groundBottom: [96, 80, 62],
    horizon: 0.7,
    horizonSoftness: 0.02,
    shapes: [
      {
        count: 1,
        region: [0.5, 0.5, 0.5, 0.5],
        size: [0.03, 0.03],
        aspect: [7, 7],
        colors: [[64, 86, 96]],
        opacity: [0.95, 0.95],
        feather: 0.2,
        mode: 'normal',
      },
      {
        count: 1,
        region: [0.56, 0.56, 0.33, 0.33],
        size: [0.09, 0.09],
        aspect: [0.18, 0.18],
        angle: [-0.3, -0.3],
        colors: [[56, 76, 86]],
        opacity: [0.95, 0.95],
        feather: 0.25,
        mode: 'normal',
      },
      {
        count: 1,
        region: [0.5, 0.5, 0.8, 0.8],
        size: [0.1, 0.1],
        aspect: [0.35, 0.35],
        colors: [[80, 96, 104]],
        opacity: [0.5, 0.5],
        feather: 0.6,
        mode: 'normal',
      },
    ],
    texture: 0.14,
    grain: 10,
    vignette: 0.3,
  },
  {
    // A garment workshop: warm interior, bolts of coloured cloth, window light.
    file: 'textile-workshop.jpg',
    width: 2000,
    height: 1333,
    seed: 20261020,
    skyTop: [88, 70, 58],
    skyBottom: [150, 120, 96],
    groundTop: [112, 92, 76],
    groundBottom: [58, 46, 40],
    horizon: 0.62,
    horizonSoftness: 0.04,
    glow: { x: 0.15, y: 0.3, radius: 0.22, color: [255, 236, 200], strength: 0.5 },
    shapes: [
      {
        count: 18,
        region: [0.25, 0.95, 0.35, 0.85],
        size: [0.03, 0.07],
        aspect: [0.5, 1.4],
        colors: [
          [180, 40, 60],
          [40, 90, 150],
          [220, 170, 60],
          [60, 130, 100],
          [200, 200, 190],
        ],
        opacity: [0.6, 0.9],
        feather: 0.3,
        mode: 'normal',
      },
      {
        count: 8,
        region: [0.1, 0.9, 0.1, 0.2],
        size: [0.01, 0.02],
        aspect: [0.6, 1],
        colors: [[255, 240, 210]],
        opacity: [0.3, 0.6],
        feather: 0.7,
        mode: 'add',
      },
    ],
    texture: 0.1,
    grain: 10,
    vignette: 0.45,
  },
  {
    // Courthouse steps under overcast light.
    file: 'courthouse-steps.jpg',
    width: 1800,
    height: 1200,
    seed: 20261030,
    skyTop: [176, 180, 184],
    skyBottom: [200, 200, 198],
    groundTop: [168, 162, 150],
    groundBottom: [120, 116, 108],
    horizon: 0.4,
    horizonSoftness: 0.01,
    shapes: [
      {
        count: 8,
        region: [0.12, 0.88, 0.2, 0.2],
        size: [0.012, 0.016],
        aspect: [9, 10],
        colors: [[214, 210, 200]],
        opacity: [0.8, 0.9],
        feather: 0.2,
        mode: 'normal',
      },
      {
        count: 10,
        region: [0.5, 0.5, 0.45, 0.95],
        size: [0.6, 0.7],
        aspect: [0.012, 0.018],
        colors: [[110, 106, 98]],
        opacity: [0.4, 0.6],
        feather: 0.5,
        mode: 'normal',
      },
      {
        count: 7,
        region: [0.2, 0.8, 0.55, 0.8],
        size: [0.008, 0.012],
        aspect: [3.5, 4.5],
        colors: [
          [40, 40, 46],
          [70, 40, 40],
          [30, 50, 70],
        ],
        opacity: [0.8, 0.95],
        feather: 0.3,
        mode: 'normal',
      },
    ],
    texture: 0.07,
    grain: 9,
    vignette: 0.35,
  },
  {
    // A clinic road through green hills, late afternoon.
    file: 'clinic-road.jpg',
    width: 2000,
    height: 1333,
    seed: 20260905,
    skyTop: [110, 150, 196],
    skyBottom: [226, 220, 196],
    groundTop: [96, 128, 70],
    groundBottom: [60, 84, 44],
    horizon: 0.48,
    horizonSoftness: 0.015,
    glow: { x: 0.15, y: 0.42, radius: 0.18, color: [255, 226, 170], strength: 0.4 },
    shapes: [
      {
        count: 6,
        region: [0, 1, 0.46, 0.5],
        size: [0.12, 0.3],
        aspect: [0.12, 0.25],
        colors: [
          [80, 110, 70],
          [70, 96, 66],
          [110, 130, 96],
        ],
        opacity: [0.6, 0.9],
        feather: 0.5,
        mode: 'normal',
      },
      {
        count: 1,
        region: [0.55, 0.55, 0.85, 0.85],
        size: [0.16, 0.16],
        aspect: [2.2, 2.2],
        angle: [0.35, 0.35],
        colors: [[176, 140, 100]],
        opacity: [0.75, 0.75],
        feather: 0.4,
        mode: 'normal',
      },
      {
        count: 1,
        region: [0.72, 0.72, 0.5, 0.5],
        size: [0.03, 0.03],
        aspect: [0.6, 0.6],
        colors: [[236, 232, 222]],
        opacity: [0.9, 0.9],
        feather: 0.25,
        mode: 'normal',
      },
      {
        count: 12,
        region: [0, 1, 0.55, 1],
        size: [0.02, 0.06],
        aspect: [0.6, 1.2],
        colors: [
          [48, 76, 40],
          [70, 100, 52],
        ],
        opacity: [0.4, 0.7],
        feather: 0.6,
        mode: 'normal',
      },
    ],
    texture: 0.1,
    grain: 9,
    vignette: 0.3,
  },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'articles', 'images');

await mkdir(outDir, { recursive: true });
let total = 0;
for (const scene of scenes) {
  const target = path.join(outDir, scene.file);
  await sharp(render(scene), { raw: { width: scene.width, height: scene.height, channels: 3 } })
    .jpeg({ quality: 70, mozjpeg: true, chromaSubsampling: '4:2:0' })
    .toFile(target);
  const { size } = await stat(target);
  total += size;
  console.log(`${path.relative(root, target)}  ${scene.width}x${scene.height}  ${(size / 1024).toFixed(1)} KiB`);
}
console.log(`total ${(total / 1024).toFixed(1)} KiB in ${scenes.length} files`);
