import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childProcessesOf } from '../../test/support/processes.js';
import { FileSystemFlusher } from './file-system-flush.js';

let dir: string;
let flusher: FileSystemFlusher;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-flush-'));
  flusher = new FileSystemFlusher();
});
afterEach(async () => {
  flusher.close();
  await rm(dir, { recursive: true, force: true });
});

const children = () => childProcessesOf(process.pid);

describe('FileSystemFlusher', () => {
  it('flushes a folder’s file system, flush after flush, through one helper process', async () => {
    // Relative to what this test process had already (its files run one after another).
    const before = await children();
    await writeFile(path.join(dir, 'a.jpg'), 'a');
    expect(await Promise.all([flusher.flush(dir), flusher.flush(dir), flusher.flush(dir)])).toEqual([true, true, true]);
    expect(await children()).toEqual([...before, 'sh']);
    flusher.close();
    await expect.poll(children).toEqual(before);
  });

  it('answers false, never throws, when the folder cannot be flushed', async () => {
    expect(await flusher.flush(path.join(dir, 'missing'))).toBe(false);
    expect(await flusher.flush(`${dir}\nsecond line`)).toBe(false);
    // The helper is still there for the next folder.
    expect(await flusher.flush(dir)).toBe(true);
  });

  it('once closed answers false, also to a flush asked just before, and starts no helper again', async () => {
    const before = await children();
    const asked = flusher.flush(dir);
    flusher.close();
    expect(await asked).toBe(false);
    expect(await flusher.flush(dir)).toBe(false);
    expect(await children()).toEqual(before);
  });
});
