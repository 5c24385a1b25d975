import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesAside, sweepTemporaryFiles, writeFileAtomic, writeIfChanged } from './atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing folders, replaces the file whole and leaves no temporary file', async () => {
    const file = path.join(dir, 'images/a/b.txt');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, new Uint8Array([115, 101, 99, 111, 110, 100]));
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(path.dirname(file))).toEqual(['b.txt']);
  });

  it('makes a folder again when it was removed between two writes, and names the file when its path cannot be a folder', async () => {
    const file = path.join(dir, 'sections/courts/atom.xml');
    await writeFileAtomic(file, 'first');
    await rm(path.join(dir, 'sections'), { recursive: true });
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');

    await writeFile(path.join(dir, 'tags'), 'a file where a folder should be');
    await expect(writeFileAtomic(path.join(dir, 'tags/labour/atom.xml'), 'x')).rejects.toMatchObject({
      code: 'ENOTDIR',
      path: path.join(dir, 'tags/labour/atom.xml'),
    });
    expect(await readdir(dir)).toEqual(['sections', 'tags']);
  });

  it('with renameAfter: written aside at once, renamed into place only once the file before it is', async () => {
    const file = path.join(dir, 'atom.xml');
    let release!: () => void;
    const before = new Promise<void>((resolve) => (release = resolve));
    const writing = writeFileAtomic(file, 'feed', { renameAfter: before });
    // The bytes are aside (a hidden temporary name), not yet under the feed's name.
    for (let i = 0; i < 100 && (await readdir(dir)).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await readdir(dir)).map((name) => name.startsWith('.'))).toEqual([true]);
    release();
    await writing;
    expect(await readdir(dir)).toEqual(['atom.xml']);
    expect(await readFile(file, 'utf8')).toBe('feed');
  });

  it('with renameAfter that fails: not published, no temporary file left, and the failure is the earlier file’s', async () => {
    const file = path.join(dir, 'rss.xml');
    const earlier = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      path: '/out/archive/1.xml',
    });
    const error = await writeFileAtomic(file, 'feed', { renameAfter: Promise.reject(earlier) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(earlier);
    expect((error as NodeJS.ErrnoException).path).toBe('/out/archive/1.xml');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('FilesAside', () => {
  const files = [
    { name: 'a.jpg', pieces: [Buffer.from('he'), Buffer.from('ad'), Buffer.from('-a')] },
    { name: 'b.jpg', pieces: [Buffer.from('only-b')] },
  ];
  const names = files.map(({ name }) => name);
  /** A writer as the rendition threads are: the pieces of each file, in order. */
  const writeAside = async (temporaries: readonly string[]) =>
    Promise.all(
      files.map(async ({ pieces }, index) => {
        const bytes = Buffer.concat(pieces);
        await writeFile(temporaries[index] as string, bytes, { flag: 'wx' });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        return { size: bytes.length, mtimeMs: (await stat(temporaries[index] as string)).mtimeMs, sha256 };
      }),
    );

  it('keeps the files hidden until publish(), then renames each into place with the mtime it was written with', async () => {
    const folder = path.join(dir, 'images');
    const aside = await FilesAside.write(folder, names, writeAside);
    // Before publish(), only hidden temporary files: nothing of the batch is visible yet.
    const before = await readdir(folder);
    expect(before).toHaveLength(2);
    expect(before.every((name) => name.startsWith('.') && name.endsWith('.presswire-tmp'))).toBe(true);
    expect(aside.targets).toEqual([path.join(folder, 'a.jpg'), path.join(folder, 'b.jpg')]);
    await aside.publish();
    expect(await readFile(path.join(folder, 'a.jpg'), 'utf8')).toBe('head-a');
    expect(await readFile(path.join(folder, 'b.jpg'), 'utf8')).toBe('only-b');
    expect(aside.written.map((w) => w.mtimeMs)).toEqual([
      (await stat(path.join(folder, 'a.jpg'))).mtimeMs,
      (await stat(path.join(folder, 'b.jpg'))).mtimeMs,
    ]);
    expect((await readdir(folder)).sort()).toEqual(['a.jpg', 'b.jpg']);
  });

  it('discard() removes what was not published, and nothing appears', async () => {
    const folder = path.join(dir, 'images');
    const aside = await FilesAside.write(folder, names, writeAside);
    await aside.discard();
    await aside.discard();
    expect(await readdir(folder)).toEqual([]);
  });

  it('on a failure while writing leaves no file, and names the file it happened to', async () => {
    const folder = path.join(dir, 'images');
    const failing = async (temporaries: readonly string[]) => {
      await writeFile(temporaries[0] as string, 'half');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        syscall: 'write',
        index: 1,
      });
    };
    await expect(FilesAside.write(folder, names, failing)).rejects.toThrow(
      `cannot write ${path.join(folder, 'b.jpg')}: no space is left on the device (ENOSPC)`,
    );
    expect(await readdir(folder)).toEqual([]);
  });

  it('on a failed rename publishes the files before it, removes the rest, and names the file', async () => {
    const folder = path.join(dir, 'images');
    const aside = await FilesAside.write(folder, names, writeAside);
    // A folder where b.jpg should go: renaming a file over it fails.
    await mkdir(path.join(folder, 'b.jpg', 'inside'), { recursive: true });
    await expect(aside.publish()).rejects.toMatchObject({ path: path.join(folder, 'b.jpg') });
    expect((await readdir(folder)).sort()).toEqual(['a.jpg', 'b.jpg']);
    expect(await readdir(path.join(folder, 'b.jpg'))).toEqual(['inside']);
  });
});

describe('writeIfChanged', () => {
  it('does not touch a file whose bytes would not change (its mtime stays)', async () => {
    const file = path.join(dir, 'rss.xml');
    expect(await writeIfChanged(file, '<rss/>')).toBe('written');
    const old = new Date('2001-01-01T00:00:00Z');
    await utimes(file, old, old);
    expect(await writeIfChanged(file, '<rss/>')).toBe('unchanged');
    expect((await stat(file)).mtimeMs).toBe(old.getTime());
    expect(await writeIfChanged(file, '<rss></rss>')).toBe('written');
    expect((await stat(file)).mtimeMs).not.toBe(old.getTime());
  });
});

describe('sweepTemporaryFiles', () => {
  it.each([
    ['.rss.xml.1234-1.presswire-tmp', true],
    ['images/.3f9a0c41d2e85b77-960.webp.99-12.presswire-tmp', true],
    ['rss.xml', false],
    ['rss.xml.1234567', false], // write-file-atomic's pattern: could be a real file, never guessed at
    ['.rss.xml.presswire-tmp', false],
    ['notes.presswire-tmp', false],
  ])('%s removed: %s', async (name, removed) => {
    await mkdir(path.join(dir, 'images'), { recursive: true });
    await writeFile(path.join(dir, name), 'x');
    expect(await sweepTemporaryFiles(dir)).toEqual(removed ? [name] : []);
    expect(
      await stat(path.join(dir, name)).then(
        () => true,
        () => false,
      ),
    ).toBe(!removed);
  });

  it('is a no-op for a folder that does not exist yet', async () => {
    expect(await sweepTemporaryFiles(path.join(dir, 'missing'))).toEqual([]);
  });
});
