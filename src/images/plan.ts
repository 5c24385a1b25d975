import { createHash } from 'node:crypto';
import type { Rendition } from '../model.js';
import { rightsFingerprint, type ImageRights } from './rights.js';

/**
 * What to make of one source image (pure: no I/O, no sharp). Width planning after
 * eleventy-img's `getValidWidths`, and content-addressed names after its `getHash`,
 * improved twice (STYLE "Images"): a pipeline version is part of every name, and a name
 * depends only on the inputs that change the bytes of that one rendition.
 */

/**
 * Bump when the encoding pipeline changes its output for the same source and settings
 * (a new sharp major with different defaults, a changed resize kernel, a new metadata
 * policy; 2: rights metadata written as XMP): every rendition then gets a new name, so partners and CDNs that cache a URL
 * forever never keep a stale picture.
 */
export const PIPELINE_VERSION = 2;

export type RenditionFormat = Rendition['format'];

export const FORMAT_INFO: Record<RenditionFormat, { ext: string; mimeType: string }> = {
  jpeg: { ext: 'jpg', mimeType: 'image/jpeg' },
  webp: { ext: 'webp', mimeType: 'image/webp' },
  avif: { ext: 'avif', mimeType: 'image/avif' },
};

/**
 * The largest width or height each format can hold: WebP stores 14-bit dimensions, AVIF
 * encoders stop at 16384, JPEG stores 16-bit ones. A rendition too large for a format is
 * simply not made in it (a long infographic gets JPEG only), so one tall image never stops
 * the build.
 */
export const FORMAT_MAX_DIMENSION: Record<RenditionFormat, number> = { jpeg: 65_535, webp: 16_383, avif: 16_384 };

/** The rendition settings of a build, from `images` in the config. */
export interface RenditionSettings {
  widths: readonly number[];
  formats: readonly RenditionFormat[];
  quality: Readonly<Record<RenditionFormat, number>>;
  /** CSS colour transparent sources are flattened onto for JPEG. */
  background: string;
}

/** What the pipeline needs to know of a source, all cheap to keep in the manifest. */
export interface SourceFacts {
  /** sha256 of the source bytes, hex. */
  sha256: string;
  /** Orientation-corrected size. */
  width: number;
  height: number;
}

/** One rendition to make (or reuse): its exact size, its format and its file name. */
export interface PlannedRendition {
  width: number;
  height: number;
  format: RenditionFormat;
  /** File name inside out/images/, e.g. `3f9a0c41d2e85b77-960.jpg`. */
  name: string;
  /** The rights written into it as XMP (images/xmp.ts); part of its name. */
  rights: ImageRights;
}

/**
 * The widths to make for a source: each configured width not wider than the source,
 * ascending, never upscaled; a source narrower than the smallest configured width gets
 * one rendition at its own width.
 */
export function planWidths(sourceWidth: number, widths: readonly number[]): number[] {
  const fitting = [...new Set(widths)].filter((w) => w <= sourceWidth).sort((a, b) => a - b);
  return fitting.length > 0 ? fitting : [sourceWidth];
}

/** Height at `width` keeping the source's aspect ratio, at least 1 px. */
export function scaledHeight(source: { width: number; height: number }, width: number): number {
  return Math.max(1, Math.round((source.height * width) / source.width));
}

/** JPEG is always made: it is the `src` fallback, the enclosure and the JSON Feed image. */
export function outputFormats(formats: readonly RenditionFormat[]): RenditionFormat[] {
  const order: RenditionFormat[] = ['avif', 'webp', 'jpeg'];
  return order.filter((format) => format === 'jpeg' || formats.includes(format));
}

/**
 * Every rendition of a source, ascending width, formats in a fixed order. The largest
 * width is the "base": the pipeline decodes the source once, resizes it to that size, and
 * derives every other rendition from those pixels (so the base width is part of each
 * name: the pixels depend on it).
 */
export function planRenditions(
  source: SourceFacts,
  settings: RenditionSettings,
  rights: ImageRights = {},
): PlannedRendition[] {
  // Widths at which not even JPEG can hold the picture are not planned (see unplannable).
  const widths = planWidths(source.width, settings.widths).filter(
    (width) => Math.max(width, scaledHeight(source, width)) <= FORMAT_MAX_DIMENSION.jpeg,
  );
  const base = widths[widths.length - 1] ?? source.width;
  const planned: PlannedRendition[] = [];
  // The rights are part of every name: a changed credit makes new files of this picture only.
  const fingerprint = rightsFingerprint(rights);
  for (const width of widths) {
    const height = scaledHeight(source, width);
    for (const format of outputFormats(settings.formats)) {
      if (Math.max(width, height) > FORMAT_MAX_DIMENSION[format]) continue;
      const key = renditionKey(source.sha256, {
        width,
        height,
        format,
        base,
        rights: fingerprint,
        ...encoderSettings(format, settings),
      });
      planned.push({ width, height, format, name: `${key}-${width}.${FORMAT_INFO[format].ext}`, rights });
    }
  }
  return planned;
}

/** The settings that change one format's bytes (and only those: a new WebP quality leaves JPEG names alone). */
function encoderSettings(format: RenditionFormat, settings: RenditionSettings): Record<string, string | number> {
  return {
    quality: settings.quality[format],
    // Only JPEG is flattened; WebP and AVIF keep the alpha channel.
    ...(format === 'jpeg' ? { background: settings.background.trim().toLowerCase() } : {}),
  };
}

/**
 * 16 hex digits (64 bits) of sha256 over the source hash, the pipeline version and the
 * rendition's settings with sorted keys, so the same inputs always give the same name.
 */
export function renditionKey(sourceSha256: string, settings: Record<string, string | number>): string {
  const sorted = Object.fromEntries(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256')
    .update(JSON.stringify({ pipeline: PIPELINE_VERSION, source: sourceSha256, settings: sorted }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Which renditions stay on disk (pure). A rendition referenced by this build is kept and
 * its clock is cleared; one that is not is kept for `graceDays` after the first build that
 * stopped referencing it (SPEC §5: partners fetch images from feeds they pulled earlier),
 * then removed.
 */
export function retention(
  referenced: boolean,
  unreferencedSince: number | undefined,
  now: number,
  graceDays: number,
): { keep: true; unreferencedSince?: number } | { keep: false } {
  if (referenced) return { keep: true };
  const since = unreferencedSince ?? now;
  if (now - since > graceDays * 86_400_000) return { keep: false };
  return { keep: true, unreferencedSince: since };
}

/**
 * Why no rendition of a source can be made, or undefined (pure): every planned width is too
 * large even for JPEG (a 480 × 70,000 strip). The article is refused with this message.
 */
export function unplannable(
  source: { width: number; height: number },
  planned: readonly PlannedRendition[],
): string | undefined {
  if (planned.length > 0) return undefined;
  const max = FORMAT_MAX_DIMENSION.jpeg;
  return `expected an image whose renditions fit JPEG's limit of ${max.toLocaleString('en')} px a side but received ${source.width} × ${source.height} (every configured width would be taller than that)`;
}
