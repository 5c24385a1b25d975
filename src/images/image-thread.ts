import { startPool } from '../workers/start-pool.js';
import type { EncodedRendition, InputLimits, ProbedSource } from './encode.js';
import { ImageInputError } from './input-error.js';
import type { PlannedRendition, RenditionSettings } from './plan.js';

/**
 * Where sharp runs for the images stage (I/O): encode.ts's three calls, on the main thread
 * for a few sources, or in a thread of their own for many.
 *
 * Why a thread: every decode hands its pixels to JavaScript as a buffer (the decode-once
 * base and each size resized from it, several megabytes per photo), about 1.5 GB of short-
 * lived memory outside the heap in a cold build of 200 photos. V8 answers such a stream with
 * full collections, each marking the whole heap; on the main thread that heap holds the
 * build (articles, entries), and in some cold builds a collection started every half second
 * (docs/architecture.md, "Where sharp runs"). In a thread of its own the heap marked is
 * sharp's alone, a few megabytes. The main thread still loads sharp too: sharp's
 * documentation asks for it, so that its native libraries stay loaded when a thread that
 * used them stops. And the thread is stopped only once no task is running in it: a thread
 * terminated in the middle of an encode can bring the whole process down.
 */

/** Sources to decode from which the thread pays for its start-up (about 0.2 s, loading sharp in it). */
export const THREAD_FROM_SOURCES = 16;

export type ImageTask =
  | { kind: 'probe'; bytes: Uint8Array; limits: InputLimits }
  | { kind: 'verify'; bytes: Uint8Array; base: Size; limits: InputLimits }
  | {
      kind: 'encode';
      bytes: Uint8Array;
      base: Size;
      wanted: readonly PlannedRendition[];
      settings: RenditionSettings;
      limits: InputLimits;
    };

/** What the thread made of a task: its value, or the message of the image's expected failure. */
export type ImageTaskResult = { ok: true; value: unknown } | { ok: false; inputError: string };

/** An encode as it comes back from the thread: each rendition by its position in `wanted`. */
export interface EncodedByPosition {
  encodes: number;
  renditions: { index: number; pieces: Uint8Array[] }[];
}

interface Size {
  width: number;
  height: number;
}

/** encode.ts's calls, wherever they run. */
export interface ImageEncoder {
  probe(bytes: Buffer, limits: InputLimits): Promise<ProbedSource>;
  verifyDecodes(bytes: Buffer, base: Size, limits: InputLimits): Promise<void>;
  encodeRenditions(
    bytes: Buffer,
    base: Size,
    wanted: readonly PlannedRendition[],
    settings: RenditionSettings,
    limits: InputLimits,
  ): Promise<{ encodes: number; renditions: EncodedRendition[] }>;
  /** Stops the thread, if any, once the tasks in flight have settled (a build that failed or was stopped leaves some). */
  close(): Promise<void>;
}

/**
 * An encoder for `sources` sources to decode, `concurrency` of them at a time: in a thread
 * from THREAD_FROM_SOURCES on, else on the main thread. sharp (and libvips) load only when
 * first used, so a rebuild with nothing to decode never pays for them.
 */
export async function imageEncoder(sources: number, concurrency: number): Promise<ImageEncoder> {
  if (sources < THREAD_FROM_SOURCES) {
    const inline = () => import('./encode.js');
    return {
      probe: async (bytes, limits) => (await inline()).probe(bytes, limits),
      verifyDecodes: async (bytes, base, limits) => (await inline()).verifyDecodes(bytes, base, limits),
      encodeRenditions: async (...args) => (await inline()).encodeRenditions(...args),
      close: () => Promise.resolve(),
    };
  }
  // The main thread's own copy of sharp (see above) loads while the thread starts.
  const mainCopy = import('./encode.js').then((encode) => encode.loadSharp());
  mainCopy.catch(() => undefined);
  const pool = await startPool<ImageTask, ImageTaskResult>('image-worker', 1, concurrency);
  const inFlight = new Set<Promise<ImageTaskResult>>();
  const run = async (task: ImageTask): Promise<unknown> => {
    const running = pool.run(task);
    inFlight.add(running);
    const result = await running.finally(() => inFlight.delete(running));
    if (!result.ok) throw new ImageInputError(result.inputError);
    return result.value;
  };
  return {
    probe: async (bytes, limits) => (await run({ kind: 'probe', bytes, limits })) as ProbedSource,
    verifyDecodes: async (bytes, base, limits) => {
      await run({ kind: 'verify', bytes, base, limits });
    },
    encodeRenditions: async (bytes, base, wanted, settings, limits) => {
      const made = (await run({ kind: 'encode', bytes, base, wanted, settings, limits })) as EncodedByPosition;
      return {
        encodes: made.encodes,
        renditions: made.renditions.map(({ index, pieces }) => ({
          rendition: wanted[index] as PlannedRendition,
          pieces: pieces.map((piece) => Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)),
        })),
      };
    },
    close: async () => {
      await Promise.allSettled([...inFlight, mainCopy]);
      await pool.destroy();
    },
  };
}
