import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesAside } from '../publish/atomic-write.js';
import { RenditionWriter } from './rendition-writer.js';

let dir: string;
let writer: RenditionWriter;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-writer-'));
  writer = new RenditionWriter();
});
afterEach(async () => {
  await writer.close();
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A batch written aside in `folder` by `through`, each file from its pieces. */
const writeBatch = (folder: string, files: { name: string; pieces: Buffer[] }[], through = writer) =>
  FilesAside.write(
    folder,
    files.map(({ name }) => name),
    (temporaries) => through.writeAside(temporaries, files),
  );

describe('RenditionWriter', () => {
  it('writes each file from its pieces in its own thread, with its mtime and sha256, batch after batch', async () => {
    const folder = path.join(dir, 'images');
    const publish = async (files: { name: string; pieces: Buffer[] }[]) => {
      const aside = await writeBatch(folder, files);
      await writer.makeDurable(folder, aside.temporaries);
      await aside.publish();
      return aside.written;
    };
    const first = await publish([
      { name: 'a-480.jpg', pieces: [Buffer.from('\u00ff\u00d8'), Buffer.from('packet'), Buffer.from('pixels')] },
      { name: 'a-480.webp', pieces: [Buffer.from('RIFF-webp')] },
    ]);
    const second = await publish([{ name: 'b-480.jpg', pieces: [Buffer.from('b')] }]);
    expect(await readFile(path.join(folder, 'a-480.jpg'))).toEqual(Buffer.from('\u00ff\u00d8packetpixels'));
    expect(await readFile(path.join(folder, 'a-480.webp'), 'utf8')).toBe('RIFF-webp');
    expect([...first, ...second]).toEqual([
      {
        size: 16,
        mtimeMs: (await stat(path.join(folder, 'a-480.jpg'))).mtimeMs,
        sha256: sha256('\u00ff\u00d8packetpixels'),
      },
      { size: 9, mtimeMs: (await stat(path.join(folder, 'a-480.webp'))).mtimeMs, sha256: sha256('RIFF-webp') },
      { size: 1, mtimeMs: (await stat(path.join(folder, 'b-480.jpg'))).mtimeMs, sha256: sha256('b') },
    ]);
    expect((await readdir(folder)).sort()).toEqual(['a-480.jpg', 'a-480.webp', 'b-480.jpg']);
  });

  it('reports a failure with the file it happened to, and leaves no file of the batch behind', async () => {
    const folder = path.join(dir, 'images');
    await mkdir(folder);
    // A folder where the second temporary file would go: opening it fails, after the first was written.
    const files = [
      { name: 'ok.jpg', pieces: [Buffer.from('ok')] },
      { name: 'x/y.jpg', pieces: [Buffer.from('y')] },
    ];
    await expect(writeBatch(folder, files)).rejects.toMatchObject({
      code: 'ENOENT',
      syscall: 'open',
      path: path.join(folder, 'x/y.jpg'),
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it('makeDurable without a file system flush fsyncs each file; a failure carries the index of its file', async () => {
    const fsyncing = new RenditionWriter(4, false);
    const folder = path.join(dir, 'images');
    const names = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg'];
    try {
      const aside = await writeBatch(
        folder,
        names.map((name) => ({ name, pieces: [Buffer.from(name)] })),
        fsyncing,
      );
      await fsyncing.makeDurable(folder, aside.temporaries);
      // One of them gone behind the writer's back: its fsync cannot open it.
      await rm(aside.temporaries[4] as string);
      await expect(fsyncing.makeDurable(folder, aside.temporaries)).rejects.toMatchObject({
        code: 'ENOENT',
        syscall: 'open',
        index: 4,
      });
      await aside.discard();
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await fsyncing.close();
    }
  });

  it('makeDurable with a file system flush needs no fsync of each file', async () => {
    const folder = path.join(dir, 'images');
    const aside = await writeBatch(folder, [{ name: 'a.jpg', pieces: [Buffer.from('a')] }]);
    // Gone before it was made durable: an fsync of it would fail, the flush of the file system does not.
    await rm(aside.temporaries[0] as string);
    await writer.makeDurable(folder, aside.temporaries);
    await aside.discard();
  });
});
