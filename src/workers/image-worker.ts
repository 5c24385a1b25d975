// Worker-thread entry point for piscina: sharp's probes, decodes and encodes
// (images/encode.ts), in an isolate of their own, and the renditions written aside where
// they were encoded (see images/image-thread.ts). An image's expected failure
// (ImageInputError) and a failure to write come back as values, so that the main thread can
// tell them from a bug: an error's class does not survive the trip between threads.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { encodeRenditions, probe, verifyDecodes } from '../images/encode.js';
import type { EncodedAside, ImageTask, ImageTaskResult } from '../images/image-thread.js';
import { ImageInputError } from '../images/input-error.js';
import { writeFilesAside } from '../images/write-aside.js';

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
        const made = await encodeRenditions(bytes, task.base, task.wanted, task.settings, task.limits);
        const files = made.renditions.map(({ pieces }, index) => ({
          temporary: task.temporaries[index] as string,
          pieces,
        }));
        const outcome = writeFilesAside(files, task.exit, fs, createHash);
        if ('failure' in outcome) return { ok: false, writeFailure: outcome.failure };
        return { ok: true, value: { encodes: made.encodes, written: outcome.written } satisfies EncodedAside };
      }
    }
  } catch (error) {
    if (error instanceof ImageInputError) return { ok: false, inputError: error.message };
    throw error;
  }
}
