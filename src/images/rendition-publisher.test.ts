import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { FilesAside } from '../publish/atomic-write.js';
import { RenditionPublisher } from './rendition-publisher.js';
import { RenditionWriter } from './rendition-writer.js';

let dir: string;
let folder: string;
let writer: RenditionWriter;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-publisher-'));
  folder = path.join(dir, 'images');
  writer = new RenditionWriter();
});
afterEach(async () => {
  await writer.close();
  await rm(dir, { recursive: true, force: true });
});

/** Visible files of the folder (not the hidden temporary ones). */
const visible = async () => (await readdir(folder)).filter((name) => !name.startsWith('.')).sort();

/** One batch written aside: a file per name, its name as its bytes. */
const aside = (...names: string[]) =>
  FilesAside.write(folder, names, (temporaries) =>
    writer.writeAside(
      temporaries,
      names.map((name) => ({ pieces: [Buffer.from(name)] })),
    ),
  );

describe('RenditionPublisher', () => {
  it('publishes a group once its bytes add up, each file fsynced and its name recorded before any appears', async () => {
    const steps: string[] = [];
    const durable = {
      makeDurable: async (into: string, temporaries: readonly string[]) => {
        await writer.makeDurable(into, temporaries);
        steps.push(`fsynced ${temporaries.length}`);
      },
    };
    const publisher = new RenditionPublisher(
      durable,
      folder,
      async (names) => {
        steps.push(`recorded ${names.join(' ')}, visible: ${(await visible()).join(' ') || 'none'}`);
      },
      10,
    );
    const published: string[] = [];
    // 5 bytes: below the group size, so it waits.
    await publisher.add(await aside('a.jpg'), 5, () => published.push('a'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await visible()).toEqual([]);
    expect(steps).toEqual([]);
    // 5 + 10 bytes: the group of both is published, in the background.
    await publisher.add(await aside('b.jpg', 'b.webp'), 10, () => published.push('b'));
    await publisher.add(await aside('c.jpg'), 5, () => published.push('c'));
    await publisher.finish();
    expect(steps).toEqual([
      'fsynced 3',
      'recorded a.jpg b.jpg b.webp, visible: none',
      'fsynced 1',
      'recorded c.jpg, visible: a.jpg b.jpg b.webp',
    ]);
    expect(published).toEqual(['a', 'b', 'c']);
    expect(await readdir(folder)).toEqual(['a.jpg', 'b.jpg', 'b.webp', 'c.jpg']);
    expect(await readFile(path.join(folder, 'b.webp'), 'utf8')).toBe('b.webp');
  });

  it('a group that cannot be made durable: its files removed, later batches refused, the failure names the file', async () => {
    // Each file fsynced (no flush of the whole file system), so that a missing one fails.
    const fsyncing = new RenditionWriter(4, false);
    onTestFinished(() => fsyncing.close());
    const publisher = new RenditionPublisher(fsyncing, folder, async () => undefined, 1);
    const first = await aside('a.jpg', 'b.jpg');
    // b.jpg's bytes gone behind the build's back before they were fsynced.
    await rm(first.temporaries[1] as string);
    const published: string[] = [];
    await publisher.add(first, 4, () => published.push('first'));
    const failure = await publisher.finish().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ENOENT', path: path.join(folder, 'b.jpg') });
    const second = await aside('c.jpg');
    await expect(publisher.add(second, 5, () => published.push('second'))).rejects.toBe(failure);
    expect(published).toEqual([]);
    expect(await readdir(folder)).toEqual([]);
  });
});
