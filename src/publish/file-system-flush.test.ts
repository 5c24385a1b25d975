import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

/** Processes whose parent is this one, with their command line. */
async function children(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // The fields after the command's closing parenthesis: state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === process.pid) found.push((await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')[0] ?? '');
  }
  return found;
}

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
