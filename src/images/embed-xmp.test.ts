import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { embedXmp } from './embed-xmp.js';
import { xmpPacket } from './xmp.js';

const packet = xmpPacket({ credit: 'Wire Pictures', caption: 'Ünïcode caption, odd length!' }) as string;

async function encoded(format: 'jpeg' | 'webp', alpha = false): Promise<Buffer> {
  const image = sharp({
    create: { width: 321, height: 123, channels: alpha ? 4 : 3, background: { r: 200, g: 40, b: 90, alpha: 0.5 } },
  });
  return format === 'jpeg' ? image.jpeg({ quality: 80 }).toBuffer() : image.webp({ quality: 78 }).toBuffer();
}

describe('embedXmp', () => {
  for (const [format, alpha] of [
    ['jpeg', false],
    ['webp', false],
    ['webp', true],
  ] as const) {
    it(`puts the packet into a ${format}${alpha ? ' with alpha' : ''} that still decodes to the same picture`, async () => {
      const plain = await encoded(format, alpha);
      const withXmp = embedXmp(plain, format, packet);
      expect(withXmp).toBeDefined();
      const metadata = await sharp(withXmp).metadata();
      expect(metadata.xmp?.toString('utf8')).toBe(packet);
      expect([metadata.format, metadata.width, metadata.height, metadata.hasAlpha]).toEqual([format, 321, 123, alpha]);
      const [before, after] = await Promise.all([sharp(plain).raw().toBuffer(), sharp(withXmp).raw().toBuffer()]);
      expect(after.equals(before)).toBe(true);
    });
  }

  it('keeps a JFIF APP0 segment first', async () => {
    const plain = await encoded('jpeg');
    const app0 = Buffer.from([
      0xff,
      0xe0,
      0x00,
      0x10,
      ...Buffer.from('JFIF\u0000', 'latin1'),
      1,
      1,
      0,
      0,
      1,
      0,
      1,
      0,
      0,
    ]);
    const jfif = Buffer.concat([plain.subarray(0, 2), app0, plain.subarray(2)]);
    const withXmp = embedXmp(jfif, 'jpeg', packet) as Buffer;
    expect([...withXmp.subarray(2, 4)]).toEqual([0xff, 0xe0]);
    expect([...withXmp.subarray(20, 22)]).toEqual([0xff, 0xe1]);
    expect((await sharp(withXmp).metadata()).xmp?.toString('utf8')).toBe(packet);
  });

  it('declines what it cannot do so (AVIF, a packet over 64 KB, bytes that are not the format)', async () => {
    expect(embedXmp(await encoded('jpeg'), 'avif', packet)).toBeUndefined();
    expect(embedXmp(await encoded('jpeg'), 'jpeg', 'x'.repeat(70_000))).toBeUndefined();
    expect(embedXmp(Buffer.from('not an image at all'), 'webp', packet)).toBeUndefined();
    expect(embedXmp(Buffer.from('not an image at all'), 'jpeg', packet)).toBeUndefined();
  });
});
