import { describe, expect, it } from 'vitest';
import {
  outputFormats,
  PIPELINE_VERSION,
  planRenditions,
  planWidths,
  renditionKey,
  retention,
  scaledHeight,
  unplannable,
  type RenditionSettings,
} from './plan.js';

const SETTINGS: RenditionSettings = {
  widths: [480, 960, 1600],
  formats: ['webp', 'jpeg'],
  quality: { jpeg: 80, webp: 78, avif: 55 },
  background: '#ffffff',
};
const SOURCE = { sha256: 'a'.repeat(64), width: 2000, height: 1333 };

describe('planWidths', () => {
  it.each([
    { source: 2000, widths: [480, 960, 1600], expected: [480, 960, 1600] },
    { source: 1600, widths: [480, 960, 1600], expected: [480, 960, 1600] },
    { source: 1599, widths: [480, 960, 1600], expected: [480, 960] },
    { source: 800, widths: [480, 960, 1600], expected: [480] },
    { source: 480, widths: [480, 960, 1600], expected: [480] },
    // narrower than the smallest width: one rendition at its own width, never upscaled
    { source: 300, widths: [480, 960, 1600], expected: [300] },
    { source: 1, widths: [480], expected: [1] },
    // order and duplicates in the config do not matter
    { source: 2000, widths: [1600, 480, 960, 480], expected: [480, 960, 1600] },
  ])('a $source px source with widths $widths → $expected', ({ source, widths, expected }) => {
    expect(planWidths(source, widths)).toEqual(expected);
  });
});

describe('scaledHeight', () => {
  it('keeps the aspect ratio, rounded, at least 1 px', () => {
    expect(scaledHeight({ width: 2000, height: 1333 }, 480)).toBe(320);
    expect(scaledHeight({ width: 800, height: 1200 }, 480)).toBe(720);
    expect(scaledHeight({ width: 5000, height: 2 }, 480)).toBe(1);
  });
});

describe('outputFormats', () => {
  it('always includes JPEG (the src fallback and the enclosure), in a fixed order', () => {
    expect(outputFormats(['webp'])).toEqual(['webp', 'jpeg']);
    expect(outputFormats(['jpeg', 'avif', 'webp'])).toEqual(['avif', 'webp', 'jpeg']);
    expect(outputFormats(['jpeg'])).toEqual(['jpeg']);
  });
});

describe('planRenditions', () => {
  it('plans every width × format with exact sizes and content-addressed names', () => {
    const plan = planRenditions(SOURCE, SETTINGS);
    expect(plan.map((p) => [p.width, p.height, p.format])).toEqual([
      [480, 320, 'webp'],
      [480, 320, 'jpeg'],
      [960, 640, 'webp'],
      [960, 640, 'jpeg'],
      [1600, 1066, 'webp'],
      [1600, 1066, 'jpeg'],
    ]);
    for (const p of plan)
      expect(p.name).toMatch(new RegExp(`^[0-9a-f]{16}-${p.width}\\.${p.format === 'jpeg' ? 'jpg' : p.format}$`));
    expect(new Set(plan.map((p) => p.name)).size).toBe(plan.length);
  });

  it('gives the same names for the same inputs (settings order does not matter)', () => {
    const reordered: RenditionSettings = { ...SETTINGS, widths: [1600, 960, 480], formats: ['jpeg', 'webp'] };
    expect(
      planRenditions(SOURCE, reordered)
        .map((p) => p.name)
        .sort(),
    ).toEqual(
      planRenditions(SOURCE, SETTINGS)
        .map((p) => p.name)
        .sort(),
    );
  });

  it('gives a changed photo new names everywhere (partners re-fetch only changed URLs)', () => {
    const before = new Set(planRenditions(SOURCE, SETTINGS).map((p) => p.name));
    const after = planRenditions({ ...SOURCE, sha256: 'b'.repeat(64) }, SETTINGS).map((p) => p.name);
    expect(after.filter((name) => before.has(name))).toEqual([]);
  });

  it('renames only what a settings change touches', () => {
    const names = (settings: RenditionSettings) =>
      new Map(planRenditions(SOURCE, settings).map((p) => [`${p.format}@${p.width}`, p.name]));
    const base = names(SETTINGS);
    const webpQuality = names({ ...SETTINGS, quality: { ...SETTINGS.quality, webp: 60 } });
    const background = names({ ...SETTINGS, background: '#000000' });
    const withAvif = names({ ...SETTINGS, formats: ['avif', 'webp', 'jpeg'] });
    for (const [key, name] of base) {
      expect(webpQuality.get(key) === name).toBe(key.startsWith('jpeg'));
      // only JPEG is flattened onto the background
      expect(background.get(key) === name).toBe(key.startsWith('webp'));
      expect(withAvif.get(key)).toBe(name);
    }
    expect([...withAvif.keys()].filter((k) => k.startsWith('avif'))).toHaveLength(3);
  });

  it('renames the smaller widths when the largest changes, because they are derived from its pixels', () => {
    const a = planRenditions(SOURCE, SETTINGS).find((p) => p.width === 480 && p.format === 'jpeg');
    const b = planRenditions(SOURCE, { ...SETTINGS, widths: [480, 960, 1200] }).find(
      (p) => p.width === 480 && p.format === 'jpeg',
    );
    expect(a?.name).not.toBe(b?.name);
  });

  it('puts the pipeline version into every name', () => {
    expect(PIPELINE_VERSION).toBeGreaterThanOrEqual(1);
    const key = renditionKey('a', { width: 480 });
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(renditionKey('a', { width: 480 })).toBe(key);
    expect(renditionKey('a', { width: 481 })).not.toBe(key);
  });
});

describe('retention', () => {
  const DAY = 86_400_000;
  const now = 100 * DAY;
  it.each([
    { name: 'referenced: kept, no clock', referenced: true, since: 90 * DAY, expected: { keep: true } },
    {
      name: 'newly unreferenced: kept, clock starts now',
      referenced: false,
      since: undefined,
      expected: { keep: true, unreferencedSince: now },
    },
    {
      name: 'unreferenced within grace: kept, clock kept',
      referenced: false,
      since: now - 7 * DAY,
      expected: { keep: true, unreferencedSince: now - 7 * DAY },
    },
    {
      name: 'unreferenced past grace: removed',
      referenced: false,
      since: now - 7 * DAY - 1,
      expected: { keep: false },
    },
  ])('$name', ({ referenced, since, expected }) => {
    expect(retention(referenced, since, now, 7)).toEqual(expected);
  });

  it('with a grace of 0 days removes at the second unreferenced build', () => {
    expect(retention(false, undefined, now, 0)).toEqual({ keep: true, unreferencedSince: now });
    expect(retention(false, now, now + 1, 0)).toEqual({ keep: false });
  });
});

describe('format size limits', () => {
  const settings = {
    widths: [480, 960, 1600],
    formats: ['webp', 'jpeg'] as const,
    quality: { jpeg: 80, webp: 78, avif: 55 },
    background: '#ffffff',
  };

  it('makes a 480 × 17,000 infographic in JPEG only (WebP holds at most 16,383 px a side)', () => {
    const plan = planRenditions({ sha256: 'a'.repeat(64), width: 480, height: 17_000 }, settings);
    expect(plan.map((p) => [p.width, p.height, p.format])).toEqual([[480, 17_000, 'jpeg']]);
    expect(unplannable({ width: 480, height: 17_000 }, plan)).toBeUndefined();
  });

  it('keeps both formats where WebP can hold the narrower widths', () => {
    const plan = planRenditions({ sha256: 'b'.repeat(64), width: 1600, height: 20_000 }, settings);
    expect(plan.map((p) => `${p.width}${p.format}`)).toEqual(['480webp', '480jpeg', '960webp', '960jpeg', '1600jpeg']);
  });

  it('refuses a strip too tall even for JPEG, with a message naming the limit', () => {
    const plan = planRenditions({ sha256: 'c'.repeat(64), width: 480, height: 70_000 }, settings);
    expect(plan).toEqual([]);
    expect(unplannable({ width: 480, height: 70_000 }, plan)).toBe(
      "expected an image whose renditions fit JPEG's limit of 65,535 px a side but received 480 × 70000 (every configured width would be taller than that)",
    );
  });
});
