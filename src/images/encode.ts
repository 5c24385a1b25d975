import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { xmpParts } from './embed-xmp.js';
import { embeddedRights } from './embedded-rights.js';
import { ImageInputError } from './input-error.js';
import { type PlannedRendition, type RenditionFormat, type RenditionSettings } from './plan.js';
import type { EmbeddedRights, ImageRights } from './rights.js';
import { xmpPacket } from './xmp.js';
import { lazyRequire } from '../util/lazy-require.js';

/**
 * Everything presswire asks of sharp (I/O; the only module that imports it). Sources are
 * untrusted (SPEC §3), so every decode is bounded: a pixel limit checked against
 * the header before any pixel is decoded, sharp's `limitInputPixels` as a second fence,
 * and `failOn: 'error'` so a truncated or corrupt file is an error, not a grey half-picture.
 *
 * One decode per source: the source is auto-oriented, converted to sRGB and resized once,
 * to the largest planned width (the "base"); every rendition, every width and format, is
 * derived from those pixels in memory. sharp writes no file: it returns buffers, which
 * the stage writes aside and renames into place.
 */

/** Formats accepted as sources. SVG, PDF and the rest are refused: they are documents, not photos. */
const ACCEPTED: Record<string, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  heif: 'AVIF',
};
const ACCEPTED_LIST = 'JPEG, PNG, WebP, GIF, AVIF or TIFF';

/** Bounds on untrusted input checked by the decoder (`images.maxInputBytes` is checked before reading). */
export interface InputLimits {
  maxInputPixels: number;
}

/** What the header says, checked before any pixel is decoded. */
export interface ProbedSource {
  format: string;
  /** Orientation-corrected size. */
  width: number;
  height: number;
  /** More than one frame (an animated GIF or WebP): only the first is used. */
  animated: boolean;
  /** The creator, credit and copyright the file carries in its XMP or IPTC block. */
  embedded?: EmbeddedRights;
}

/**
 * sharp (libvips) is loaded on first use: a newsroom without images, and every rebuild in
 * which no photo changed, never needs it, and loading it is a tenth of a no-op rebuild.
 * It is loaded through its CommonJS build: imported as an ES module, Node first scans
 * the source of each CommonJS package sharp imports (semver, detect-libc, its colour
 * library) for their export names, and that scan and its compilation cost about as much
 * again as loading sharp itself, on every thread that loads it (docs/benchmark-log.md).
 */
type SharpFunction = typeof import('sharp').default;
const requireSharp = lazyRequire<SharpFunction>('sharp');
function sharpModule(): Promise<SharpFunction> {
  return Promise.resolve().then(requireSharp);
}

/** Loads sharp on this thread now (image-thread.ts: the main thread's copy, kept while a thread uses it). */
export async function loadSharp(): Promise<void> {
  await sharpModule();
}

function inputOptions(limits: InputLimits): SharpOptions {
  return { failOn: 'error', limitInputPixels: limits.maxInputPixels, autoOrient: true, pages: 1 };
}

export async function probe(bytes: Buffer, limits: InputLimits): Promise<ProbedSource> {
  let metadata: Metadata;
  try {
    const sharp = await sharpModule();
    metadata = await sharp(bytes, { ...inputOptions(limits), limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageInputError(
      `expected an image (${ACCEPTED_LIST}) but received a file that is not one (${describeSharpError(error)})`,
      { cause: error },
    );
  }
  const format = metadata.format ?? 'unknown';
  const name = ACCEPTED[format];
  // sharp reports HEIC photos as heif too; its prebuilt binaries decode only the AV1 kind (AVIF).
  if (!name || (format === 'heif' && metadata.compression !== 'av1')) {
    const received = format === 'heif' ? 'HEIC' : format.toUpperCase();
    throw new ImageInputError(`expected an image in ${ACCEPTED_LIST} format but received ${received}`);
  }
  const width = metadata.autoOrient?.width ?? metadata.width ?? 0;
  const height = metadata.autoOrient?.height ?? metadata.pageHeight ?? metadata.height ?? 0;
  if (width < 1 || height < 1) {
    throw new ImageInputError(`expected an image with a width and height but received ${width} × ${height}`);
  }
  if (width * height > limits.maxInputPixels) {
    throw new ImageInputError(
      `expected an image of at most ${limits.maxInputPixels.toLocaleString('en')} pixels but received ` +
        `${width} × ${height} (${(width * height).toLocaleString('en')} pixels); refused as a possible decompression bomb ` +
        '(raise images.maxInputPixels if the photo is genuine)',
    );
  }
  const embedded = embeddedRights(metadata.xmp, metadata.iptc);
  return { format, width, height, animated: (metadata.pages ?? 1) > 1, ...(embedded ? { embedded } : {}) };
}

interface Pixels {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

/**
 * Decode once: orient, convert to sRGB, resize to `base`, and keep the pixels (8 bits per
 * channel, alpha kept) for the renditions.
 */
async function decodeBase(
  bytes: Buffer,
  base: { width: number; height: number },
  limits: InputLimits,
): Promise<Pixels> {
  const sharp = await sharpModule();
  try {
    const { data, info } = await sharp(bytes, inputOptions(limits))
      .resize({ width: base.width, height: base.height, fit: 'fill' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data, info: { width: info.width, height: info.height, channels: info.channels } };
  } catch (error) {
    const message = `expected a complete, decodable image but the decoder said: ${describeSharpError(error)}`;
    throw new ImageInputError(message, { cause: error });
  }
}

function encoder(pipeline: Sharp, format: RenditionFormat, settings: RenditionSettings): Sharp {
  const quality = settings.quality[format];
  switch (format) {
    case 'jpeg':
      // JPEG has no alpha: flatten onto the configured background. Progressive scans show
      // a whole picture early on slow connections; mozjpeg's trellis search is left off (it
      // costs several times the encode time for a few per cent of bytes).
      return pipeline
        .flatten({ background: settings.background })
        .jpeg({ quality, progressive: true, chromaSubsampling: '4:2:0' });
    case 'webp':
      return pipeline.webp({ quality, effort: 4 });
    case 'avif':
      return pipeline.avif({ quality, effort: 4 });
  }
}

/** One rendition as encoded: its bytes as the pieces they are made of (images/embed-xmp.ts, `xmpParts`). */
export interface EncodedRendition {
  rendition: PlannedRendition;
  pieces: Buffer[];
}

/**
 * Make `wanted` (all of one source, any subset of its plan) from one decode of `bytes`:
 * every rendition's bytes, in the order of `wanted`, and how many encodes that took. `base`
 * is the size of the plan's largest rendition, which the pixels are resized to first even
 * when that rendition itself is not wanted, so that a rendition's bytes never depend on
 * which others were missing (its name, from plan.ts, promises as much).
 * The only metadata written is the rendition's rights as XMP: the pixels come from a raw
 * buffer, so nothing of the source's EXIF, XMP, IPTC or ICC can reach the output (sharp
 * strips it all anyway unless asked to keep it). Each size and format is encoded once, and
 * every use's packet is put around those same bytes (embed-xmp.ts), so a photo used by
 * five articles with five captions costs one encode, not five, and no copy in memory;
 * where the container cannot take it that way, sharp's `withXmp` encodes that rendition
 * with its packet.
 */
export async function encodeRenditions(
  bytes: Buffer,
  base: { width: number; height: number },
  wanted: readonly PlannedRendition[],
  settings: RenditionSettings,
  limits: InputLimits,
): Promise<{ encodes: number; renditions: EncodedRendition[] }> {
  const pixels = await decodeBase(bytes, base, limits);
  let encodes = 0;
  const sharp = await sharpModule();
  const atSize = sizedPixels(sharp, pixels);
  const pipelineAt = async (width: number, height: number): Promise<Sharp> => {
    const sized = await atSize(width, height);
    const pipeline = sharp(sized.data, { raw: sized.info });
    if (sized.info.width === width && sized.info.height === height) return pipeline;
    return pipeline.resize({ width, height, fit: 'fill' });
  };
  // One encode per size and format; each use's rights are then put around those bytes.
  const groups = new Map<string, PlannedRendition[]>();
  for (const rendition of wanted) {
    const key = `${rendition.width}x${rendition.height}.${rendition.format}`;
    groups.set(key, [...(groups.get(key) ?? []), rendition]);
  }
  const made = await Promise.all(
    [...groups.values()].map(async (group) => {
      const { width, height, format } = group[0] as PlannedRendition;
      const encode = async (xmp?: string): Promise<Buffer> => {
        // An encoder's refusal is this image's error, never the build's.
        const { data, info } = await pipelineAt(width, height)
          .then((pipeline) =>
            encoder(xmp === undefined ? pipeline : pipeline.withXmp(xmp), format, settings).toBuffer({
              resolveWithObject: true,
            }),
          )
          .catch((error: unknown) => {
            throw new ImageInputError(
              `expected an image that can be made as a ${width} × ${height} ${format.toUpperCase()} rendition but the encoder said: ${describeSharpError(error)}`,
              { cause: error },
            );
          });
        encodes += 1;
        if (info.width !== width || info.height !== height) {
          throw new Error(`bug: planned ${width}×${height} but sharp made ${info.width}×${info.height}`);
        }
        return data;
      };
      let plain: Buffer | undefined;
      const renditions: EncodedRendition[] = [];
      for (const rendition of group) {
        const xmp = packetOf(rendition.rights);
        // AVIF cannot take a packet afterwards: encoding it without one first would be wasted.
        const pieces =
          xmp === undefined
            ? [(plain ??= await encode())]
            : ((format === 'avif' ? undefined : xmpParts((plain ??= await encode()), format, xmp)) ?? [
                await encode(xmp),
              ]);
        renditions.push({ rendition, pieces });
      }
      return renditions;
    }),
  );
  const position = new Map(wanted.map((rendition, index) => [rendition, index]));
  const renditions = made.flat().sort((a, b) => (position.get(a.rendition) ?? 0) - (position.get(b.rendition) ?? 0));
  return { encodes, renditions };
}

/**
 * The pixels at each rendition size, resized from the base once however many formats are
 * encoded at that size (a few per cent of a cold build's work). Only opaque pixels: with an
 * alpha channel, sharp premultiplies around the resize and flattens a JPEG in the same
 * pipeline, so a resize apart, rounded to 8 bits in between, could change the bytes. An
 * opaque size goes through the same resize either way, and the bytes are the same
 * (scripts/compare-outputs.ts).
 */
function sizedPixels(sharp: SharpFunction, pixels: Pixels): (width: number, height: number) => Promise<Pixels> {
  const sizes = new Map<string, Promise<Pixels>>();
  const opaque = pixels.info.channels === 1 || pixels.info.channels === 3;
  return (width, height) => {
    if (!opaque || (width === pixels.info.width && height === pixels.info.height)) return Promise.resolve(pixels);
    const key = `${width}x${height}`;
    let sized = sizes.get(key);
    if (!sized) {
      sized = sharp(pixels.data, { raw: pixels.info })
        .resize({ width, height, fit: 'fill' })
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true })
        .then(({ data, info }) => ({
          data,
          info: { width: info.width, height: info.height, channels: info.channels },
        }));
      sizes.set(key, sized);
    }
    return sized;
  };
}

/** A use's renditions share one rights object (plan.ts): its packet is made once. */
const packets = new WeakMap<ImageRights, string | undefined>();
function packetOf(rights: ImageRights): string | undefined {
  if (!packets.has(rights)) packets.set(rights, xmpPacket(rights));
  return packets.get(rights);
}

/** `presswire check`: decode fully (truncation shows only then), encode nothing. */
export async function verifyDecodes(
  bytes: Buffer,
  base: { width: number; height: number },
  limits: InputLimits,
): Promise<void> {
  await decodeBase(bytes, base, limits);
}

function describeSharpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // vips messages end with a newline and sometimes repeat the loader's name; keep the first line.
  return message.split('\n')[0]?.trim() || 'unknown error';
}
