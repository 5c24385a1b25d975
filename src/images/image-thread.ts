import { CREATING, exitGate, EXITING, type WrittenAside } from '../publish/atomic-write.js';
import { startPool } from '../workers/start-pool.js';
import type { InputLimits, ProbedSource } from './encode.js';
import { ImageInputError } from './input-error.js';
import type { PlannedRendition, RenditionSettings } from './plan.js';
import type { RenditionWriter } from './rendition-writer.js';
import { asideError, type AsideFailure, type ExitGateView } from './write-aside.js';

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
 *
 * The thread writes what it encodes aside itself (write-aside.ts), where the bytes are, and
 * sends back only what was written: a rendition's bytes sent to the main thread and on to the
 * writer thread were copied twice, and sharp's buffers cannot be moved instead (docs/
 * architecture.md, "Where sharp runs"). On the main thread, the writer thread writes them.
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
      /** Where each rendition of `wanted` is written aside, in order. */
      temporaries: readonly string[];
      exit: ExitGateView;
    };

/**
 * What the thread made of a task: its value, the message of the image's expected failure, or
 * the failure to write a rendition aside.
 */
export type ImageTaskResult =
  { ok: true; value: unknown } | { ok: false; inputError: string } | { ok: false; writeFailure: AsideFailure };

/** Renditions encoded and written aside: how many encodes that took, and each file, in order. */
export interface EncodedAside {
  encodes: number;
  written: WrittenAside[];
}

interface Size {
  width: number;
  height: number;
}

/** encode.ts's calls, wherever they run. */
export interface ImageEncoder {
  probe(bytes: Buffer, limits: InputLimits): Promise<ProbedSource>;
  verifyDecodes(bytes: Buffer, base: Size, limits: InputLimits): Promise<void>;
  /**
   * encodeRenditions, each rendition then written aside (write-aside.ts) to the temporary
   * name at its position in `temporaries`; an AsideWriter's failure if one cannot be.
   */
  encodeAside(
    bytes: Buffer,
    base: Size,
    wanted: readonly PlannedRendition[],
    settings: RenditionSettings,
    limits: InputLimits,
    temporaries: readonly string[],
  ): Promise<EncodedAside>;
  /** Stops the thread, if any, once the tasks in flight have settled (a build that failed or was stopped leaves some). */
  close(): Promise<void>;
}

/**
 * An encoder for `sources` sources to decode, `concurrency` of them at a time: in a thread
 * from THREAD_FROM_SOURCES on, else on the main thread. sharp (and libvips) load only when
 * first used, so a rebuild with nothing to decode never pays for them.
 */
export async function imageEncoder(
  sources: number,
  concurrency: number,
  writer: Pick<RenditionWriter, 'writeAside'>,
): Promise<ImageEncoder> {
  if (sources < THREAD_FROM_SOURCES) {
    const inline = () => import('./encode.js');
    return {
      probe: async (bytes, limits) => (await inline()).probe(bytes, limits),
      verifyDecodes: async (bytes, base, limits) => (await inline()).verifyDecodes(bytes, base, limits),
      encodeAside: async (bytes, base, wanted, settings, limits, temporaries) => {
        const made = await (await inline()).encodeRenditions(bytes, base, wanted, settings, limits);
        return { encodes: made.encodes, written: await writer.writeAside(temporaries, made.renditions) };
      },
      close: () => Promise.resolve(),
    };
  }
  // The main thread's own copy of sharp (see above) loads while the thread starts.
  const mainCopy = import('./encode.js').then((encode) => encode.loadSharp());
  mainCopy.catch(() => undefined);
  const pool = await startPool<ImageTask, ImageTaskResult>('image-worker', 1, concurrency);
  const exit: ExitGateView = { gate: exitGate, exiting: EXITING, creating: CREATING };
  const inFlight = new Set<Promise<ImageTaskResult>>();
  const run = async (task: ImageTask): Promise<unknown> => {
    const running = pool.run(task);
    inFlight.add(running);
    const result = await running.finally(() => inFlight.delete(running));
    if (result.ok) return result.value;
    throw 'inputError' in result ? new ImageInputError(result.inputError) : asideError(result.writeFailure);
  };
  return {
    probe: async (bytes, limits) => (await run({ kind: 'probe', bytes, limits })) as ProbedSource,
    verifyDecodes: async (bytes, base, limits) => {
      await run({ kind: 'verify', bytes, base, limits });
    },
    encodeAside: async (bytes, base, wanted, settings, limits, temporaries) =>
      (await run({ kind: 'encode', bytes, base, wanted, settings, limits, temporaries, exit })) as EncodedAside,
    close: async () => {
      await Promise.allSettled([...inFlight, mainCopy]);
      await pool.destroy();
    },
  };
}
