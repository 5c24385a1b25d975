// Worker-thread entry point for piscina: sharp's probes, decodes and encodes
// (images/encode.ts), in an isolate of their own (see images/image-thread.ts). An image's
// expected failure (ImageInputError) comes back as a value, so that the main thread can
// tell it from a bug: an error's class does not survive the trip between threads.
import { encodeRenditions, probe, verifyDecodes } from '../images/encode.js';
import { ImageInputError } from '../images/input-error.js';
import type { EncodedByPosition, ImageTask, ImageTaskResult } from '../images/image-thread.js';

export default async function handle(task: ImageTask): Promise<ImageTaskResult> {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  try {
    switch (task.kind) {
      case 'probe':
        return { ok: true, value: await probe(bytes, task.limits) };
      case 'verify':
        await verifyDecodes(bytes, task.base, task.limits);
        return { ok: true, value: undefined };
      case 'encode': {
        const { encodes, renditions } = await encodeRenditions(
          bytes,
          task.base,
          task.wanted,
          task.settings,
          task.limits,
        );
        // Sent back by position: the main thread holds the planned renditions themselves.
        const value: EncodedByPosition = {
          encodes,
          renditions: renditions.map(({ rendition, pieces }) => ({ index: task.wanted.indexOf(rendition), pieces })),
        };
        return { ok: true, value };
      }
    }
  } catch (error) {
    if (error instanceof ImageInputError) return { ok: false, inputError: error.message };
    throw error;
  }
}
