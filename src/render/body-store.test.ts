import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedBodyReader, writePacks, type StoredBody } from './body-store.js';
import { LINK_STAND_IN } from './templates/constructs.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'presswire-bodies-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const BODIES = [
  { id: 'plain', html: '<p>Ministers met on Tuesday — “as planned”.</p>' },
  { id: 'picture', html: '<p>Before</p><figure><img src="harbour.jpg" alt="The harbour"></figure>' },
  { id: 'linked', html: `<p>See <a href="${LINK_STAND_IN}2014-03-12-x">the earlier story</a>.</p>` },
];

describe('the body store', () => {
  it('marks as final only a body that goes into its content as it is: no image to fill in, no link to resolve', async () => {
    const where = await writePacks(folder, BODIES);
    expect(where.get('plain')?.final).toBe(true);
    expect(where.get('picture')?.final).toBeUndefined();
    expect(where.get('linked')?.final).toBeUndefined();
  });

  it('reads many bodies back through one reader, each exactly as written', async () => {
    const where = await writePacks(folder, BODIES);
    const reader = storedBodyReader(folder);
    try {
      expect(BODIES.map(({ id }) => reader.read(where.get(id) as StoredBody))).toEqual(BODIES.map(({ html }) => html));
      // Again, in another order, from the same open pack.
      expect(reader.read(where.get('linked') as StoredBody)).toBe(BODIES[2]?.html);
    } finally {
      reader.close();
    }
  });

  it('answers undefined for a damaged or missing pack, never other bytes', async () => {
    const where = await writePacks(folder, BODIES);
    const plain = where.get('plain') as StoredBody;
    const reader = storedBodyReader(folder);
    try {
      expect(reader.read({ ...plain, pack: 'no-such.pack' })).toBeUndefined();
      expect(reader.read({ ...plain, offset: plain.offset + 1 })).toBeUndefined();
      await writeFile(path.join(folder, plain.pack), 'x'.repeat(plain.offset + plain.length));
      expect(reader.read(plain)).toBeUndefined();
    } finally {
      reader.close();
    }
  });

  it('checks the digest of every body but one the reading build stored itself', async () => {
    const where = await writePacks(folder, BODIES);
    const plain = where.get('plain') as StoredBody;
    const bytes = Buffer.from(BODIES[0]?.html as string);
    bytes.write('TORN', 3);
    const pack = Buffer.alloc(plain.offset + plain.length);
    bytes.copy(pack, plain.offset);
    await writeFile(path.join(folder, plain.pack), pack);
    const reader = storedBodyReader(folder);
    try {
      expect(reader.read(plain)).toBeUndefined();
      // Written a moment ago by this build: what the pack holds, as it holds it.
      expect(reader.read(plain, true)).toBe('<p>TORNsters met on Tuesday — “as planned”.</p>');
    } finally {
      reader.close();
    }
  });
});
