import { open } from 'node:fs/promises';

/**
 * Source files read into a few reused buffers (I/O). A cold build reads every photo once,
 * and a fresh buffer per photo is memory the JavaScript heap must count and collect: it
 * lives while the photo decodes, long enough to outlive the young generation, and then
 * only a full collection frees it. With one buffer per source in flight, reused, the heap
 * sees no allocation at all after the first few photos.
 *
 * The buffers are shared memory (SharedArrayBuffer): the image thread (image-thread.ts)
 * reads the bytes where they are, instead of a copy made for every task sent to it, two per
 * photo (the probe and the encode). The bytes are never written while a task reads them:
 * a buffer is reused only after `release`, once every call that reads it has settled.
 */
export class SourceReader {
  private readonly free: Buffer[] = [];

  /** @param buffers most buffers kept for reuse: the number of sources read at once. */
  constructor(private readonly buffers: number) {}

  /**
   * The whole file, up to `limit + 1` bytes (so that a file over the limit is seen to be,
   * without reading all of it). `release` hands the buffer back once nothing reads the bytes.
   */
  async read(file: string, limit: number): Promise<{ bytes: Buffer; release: () => void }> {
    const handle = await open(file, 'r');
    let buffer: Buffer | undefined;
    try {
      const size = (await handle.stat()).size;
      // One byte more than the size: a file that grew since is read to its end all the same.
      buffer = this.take(Math.min(size, limit) + 1);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > limit) break;
          const bigger = sharedBuffer(Math.min(buffer.length * 2, limit + 1));
          buffer.copy(bigger, 0, 0, length);
          buffer = bigger;
        }
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      const held = buffer;
      return { bytes: held.subarray(0, length), release: () => this.give(held) };
    } catch (error) {
      if (buffer) this.give(buffer);
      throw error;
    } finally {
      await handle.close();
    }
  }

  private take(size: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= size);
    if (index >= 0) return this.free.splice(index, 1)[0] as Buffer;
    // Rounded up, so that the next photo, a little larger, still fits.
    return sharedBuffer(Math.ceil(size / 262_144) * 262_144);
  }

  private give(buffer: Buffer): void {
    this.free.push(buffer);
    // Keep the largest: they fit every photo the smaller ones fit.
    this.free.sort((a, b) => b.length - a.length);
    if (this.free.length > this.buffers) this.free.length = this.buffers;
  }
}

function sharedBuffer(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}
