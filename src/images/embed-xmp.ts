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
  const parts = xmpParts(encoded, format, xmp);
  return parts && Buffer.concat(parts);
}

/**
 * The same file as `embedXmp`, as the pieces it is made of, in order: views into `encoded`
 * and a few new bytes around the packet. Written with one gathering write, so a use's copy
 * of a rendition costs no copy of the picture in memory (and no garbage for the collector).
 */
export function xmpParts(encoded: Buffer, format: 'jpeg' | 'webp' | 'avif', xmp: string): Buffer[] | undefined {
  const packet = Buffer.from(xmp, 'utf8');
  if (format === 'jpeg') return jpegParts(encoded, packet);
  if (format === 'webp') return webpParts(encoded, packet);
  return undefined;
}

/** The namespace that marks an APP1 segment as XMP (XMP Part 3, §1.1.3). */
const JPEG_XMP_NAMESPACE = Buffer.from('http://ns.adobe.com/xap/1.0/\u0000', 'latin1');

/** As an APP1 segment right after SOI, or after a JFIF APP0 when there is one (JFIF wants APP0 first). */
function jpegParts(jpeg: Buffer, packet: Buffer): Buffer[] | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const length = 2 + JPEG_XMP_NAMESPACE.length + packet.length;
  if (length > 0xffff) return undefined;
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0 && jpeg.length >= 6) at = 4 + jpeg.readUInt16BE(4);
  if (at > jpeg.length) return undefined;
  const segment = Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]), JPEG_XMP_NAMESPACE, packet]);
  return [jpeg.subarray(0, at), segment, jpeg.subarray(at)];
}

/** VP8X feature flag: the file has an XMP chunk (WebP container specification, "Extended file format"). */
const VP8X_XMP = 0x04;

/**
 * As an `XMP ` chunk at the end of an extended (VP8X) file. A simple lossy file (one `VP8 `
 * chunk) is made extended first: a VP8X chunk with the canvas size in front of it.
 */
function webpParts(webp: Buffer, packet: Buffer): Buffer[] | undefined {
  if (webp.length < 21 || webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') {
    return undefined;
  }
  const first = webp.toString('latin1', 12, 16);
  const end = Math.min(webp.length, webp.readUInt32LE(4) + 8);
  let front: Buffer[];
  if (first === 'VP8X') {
    // The RIFF header and the VP8X chunk up to its flags byte, copied to be changed; the rest as it is.
    const head = Buffer.from(webp.subarray(0, 21));
    head[20] = (head[20] ?? 0) | VP8X_XMP;
    front = [head, webp.subarray(21, end)];
  } else if (first === 'VP8 ') {
    const size = vp8FrameSize(webp);
    if (!size) return undefined;
    const head = Buffer.alloc(30);
    webp.copy(head, 0, 0, 12);
    head.write('VP8X', 12, 'latin1');
    head.writeUInt32LE(10, 16);
    head[20] = VP8X_XMP;
    head.writeUIntLE(size.width - 1, 24, 3);
    head.writeUIntLE(size.height - 1, 27, 3);
    front = [head, webp.subarray(12, end)];
  } else {
    // A lossless (VP8L) file would need its alpha bit read to be made extended: sharp does it.
    return undefined;
  }
  // From Node's small-buffer pool (every byte is written below): thousands of packets, no allocation each.
  const chunk = Buffer.allocUnsafe(8 + packet.length + (packet.length & 1));
  chunk.write('XMP ', 0, 'latin1');
  chunk.writeUInt32LE(packet.length, 4);
  packet.copy(chunk, 8);
  if (packet.length & 1) chunk[chunk.length - 1] = 0;
  const total = front.reduce((sum, part) => sum + part.length, 0) + chunk.length;
  (front[0] as Buffer).writeUInt32LE(total - 8, 4);
  return [...front, chunk];
}

/** Width and height from a VP8 key frame header (RFC 6386 §9.1), 14 bits each. */
function vp8FrameSize(webp: Buffer): { width: number; height: number } | undefined {
  const frame = 20;
  if (webp.length < frame + 10) return undefined;
  if (webp[frame + 3] !== 0x9d || webp[frame + 4] !== 0x01 || webp[frame + 5] !== 0x2a) return undefined;
  return { width: webp.readUInt16LE(frame + 6) & 0x3fff, height: webp.readUInt16LE(frame + 8) & 0x3fff };
}
