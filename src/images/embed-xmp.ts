/**
 * Put an XMP packet into an encoded JPEG or WebP (pure). A picture used by several
 * articles with different captions or credits is encoded once per width and format, and
 * each use's renditions are those bytes with its own packet, so extra uses cost a copy, not
 * an encode. The result depends only on the encoded bytes and the packet, never on which
 * other renditions were made alongside. Undefined when the container cannot take the
 * packet this way (AVIF, a lossless WebP, a packet over JPEG's 64 KB segment): the caller
 * then has sharp encode that rendition with the packet.
 */
export function embedXmp(encoded: Buffer, format: 'jpeg' | 'webp' | 'avif', xmp: string): Buffer | undefined {
  const packet = Buffer.from(xmp, 'utf8');
  if (format === 'jpeg') return embedInJpeg(encoded, packet);
  if (format === 'webp') return embedInWebp(encoded, packet);
  return undefined;
}

/** The namespace that marks an APP1 segment as XMP (XMP Part 3, §1.1.3). */
const JPEG_XMP_NAMESPACE = Buffer.from('http://ns.adobe.com/xap/1.0/\u0000', 'latin1');

/** As an APP1 segment right after SOI, or after a JFIF APP0 when there is one (JFIF wants APP0 first). */
function embedInJpeg(jpeg: Buffer, packet: Buffer): Buffer | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const length = 2 + JPEG_XMP_NAMESPACE.length + packet.length;
  if (length > 0xffff) return undefined;
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0 && jpeg.length >= 6) at = 4 + jpeg.readUInt16BE(4);
  if (at > jpeg.length) return undefined;
  const header = Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]);
  return Buffer.concat([jpeg.subarray(0, at), header, JPEG_XMP_NAMESPACE, packet, jpeg.subarray(at)]);
}

/** VP8X feature flag: the file has an XMP chunk (WebP container specification, "Extended file format"). */
const VP8X_XMP = 0x04;

/**
 * As an `XMP ` chunk at the end of an extended (VP8X) file. A simple lossy file (one `VP8 `
 * chunk) is made extended first: a VP8X chunk with the canvas size in front of it.
 */
function embedInWebp(webp: Buffer, packet: Buffer): Buffer | undefined {
  if (webp.length < 20 || webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') {
    return undefined;
  }
  const first = webp.toString('latin1', 12, 16);
  let extended: Buffer;
  if (first === 'VP8X') {
    extended = Buffer.from(webp.subarray(0, webp.readUInt32LE(4) + 8));
    extended[20] = (extended[20] ?? 0) | VP8X_XMP;
  } else if (first === 'VP8 ') {
    const size = vp8FrameSize(webp);
    if (!size) return undefined;
    const vp8x = Buffer.alloc(18);
    vp8x.write('VP8X', 0, 'latin1');
    vp8x.writeUInt32LE(10, 4);
    vp8x[8] = VP8X_XMP;
    vp8x.writeUIntLE(size.width - 1, 12, 3);
    vp8x.writeUIntLE(size.height - 1, 15, 3);
    extended = Buffer.concat([webp.subarray(0, 12), vp8x, webp.subarray(12, webp.readUInt32LE(4) + 8)]);
  } else {
    // A lossless (VP8L) file would need its alpha bit read to be made extended: sharp does it.
    return undefined;
  }
  const chunkHeader = Buffer.alloc(8);
  chunkHeader.write('XMP ', 0, 'latin1');
  chunkHeader.writeUInt32LE(packet.length, 4);
  const padding = Buffer.alloc(packet.length & 1);
  const result = Buffer.concat([extended, chunkHeader, packet, padding]);
  result.writeUInt32LE(result.length - 8, 4);
  return result;
}

/** Width and height from a VP8 key frame header (RFC 6386 §9.1), 14 bits each. */
function vp8FrameSize(webp: Buffer): { width: number; height: number } | undefined {
  const frame = 20;
  if (webp.length < frame + 10) return undefined;
  if (webp[frame + 3] !== 0x9d || webp[frame + 4] !== 0x01 || webp[frame + 5] !== 0x2a) return undefined;
  return { width: webp.readUInt16LE(frame + 6) & 0x3fff, height: webp.readUInt16LE(frame + 8) & 0x3fff };
}
