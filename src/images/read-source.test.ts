import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceReader } from './read-source.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-reader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SourceReader', () => {
  it('reads whole files into a buffer it reuses once released', async () => {
    const reader = new SourceReader(1);
    await writeFile(path.join(dir, 'a.jpg'), 'a'.repeat(1000));
    await writeFile(path.join(dir, 'b.jpg'), 'b'.repeat(700));
    const a = await reader.read(path.join(dir, 'a.jpg'), 10_000);
    expect(a.bytes.toString()).toBe('a'.repeat(1000));
    a.release();
    const b = await reader.read(path.join(dir, 'b.jpg'), 10_000);
    expect(b.bytes.toString()).toBe('b'.repeat(700));
    expect(b.bytes.buffer).toBe(a.bytes.buffer);
    b.release();
  });

  it('gives sources read at the same time buffers of their own', async () => {
    const reader = new SourceReader(2);
    await writeFile(path.join(dir, 'a.jpg'), 'aaa');
    await writeFile(path.join(dir, 'b.jpg'), 'bbb');
    const [a, b] = await Promise.all([
      reader.read(path.join(dir, 'a.jpg'), 100),
      reader.read(path.join(dir, 'b.jpg'), 100),
    ]);
    expect([a.bytes.toString(), b.bytes.toString()]).toEqual(['aaa', 'bbb']);
    expect(a.bytes.buffer).not.toBe(b.bytes.buffer);
  });

  it('stops one byte past the limit, so that a file over it is seen to be', async () => {
    const reader = new SourceReader(1);
    await writeFile(path.join(dir, 'big.jpg'), 'x'.repeat(5000));
    const { bytes } = await reader.read(path.join(dir, 'big.jpg'), 100);
    expect(bytes.length).toBeGreaterThan(100);
    expect(bytes.length).toBeLessThanOrEqual(5000);
  });

  it('reads into shared memory, which a worker thread is sent without a copy', async () => {
    const reader = new SourceReader(1);
    await writeFile(path.join(dir, 'a.jpg'), 'abc');
    const { bytes, release } = await reader.read(path.join(dir, 'a.jpg'), 100);
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (bytes) => {
         bytes[0] = 0x7a; // 'z', seen by the sender only if the memory is the same
         parentPort.postMessage(bytes.buffer instanceof SharedArrayBuffer);
       });`,
      { eval: true },
    );
    try {
      const shared = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage(bytes);
      expect(await shared).toBe(true);
      expect(bytes.toString()).toBe('zbc');
    } finally {
      await worker.terminate();
      release();
    }
  });
});
