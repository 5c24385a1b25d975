// The images benchmark's baseline: the same renditions as presswire, with bare
// sharp, the fastest way sharp can — each source decoded once (orient, sRGB, resize to the
// largest needed width), every smaller width and every format derived from those pixels,
// at the same concurrency, with the same encoder settings. Nothing else: no hashing, no
// manifest, no articles, no feeds, no write-aside. Plain JavaScript so that it starts as
// fast as node does.
//
//
// With "packets" in the job (per source, one entry per use: its XMP packet, or null for a use
// without one), it also writes what presswire writes for a photo several articles use with
// different captions: one file per use of each encode, the encoded bytes with that use's
// packet put in (as an APP1 segment in a JPEG, an XMP chunk in a WebP, by sharp's withXmp
// in an AVIF), and still no fsync, no hashing, no manifest: the per-use floor. With
// "durable" too, each of those files is written aside, fsynced and renamed into place, as
// presswire publishes a rendition (so that a power cut never leaves an empty file under a
// published name), with Node's plain asynchronous calls: the durable per-use floor.
//
//   node bench/baseline.mjs <job.json>
//   job.json: {"sources": [absolute paths], "outDir", "widths", "formats", "quality", "background", "concurrency", "packets"?, "durable"?}
// Prints one JSON line: {"encoded": n, "files": n, "bytes": total bytes written}.
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import sharp from 'sharp';

const job = JSON.parse(await readFile(process.argv[2], 'utf8'));
await mkdir(job.outDir, { recursive: true });
const formats = ['avif', 'webp', 'jpeg'].filter((f) => f === 'jpeg' || job.formats.includes(f));

// Keep these in step with src/images/encode.ts (the bench checks that both write about the same bytes).
function encode(pipeline, format) {
  const quality = job.quality[format];
  if (format === 'jpeg')
    return pipeline
      .flatten({ background: job.background })
      .jpeg({ quality, progressive: true, chromaSubsampling: '4:2:0' });
  if (format === 'webp') return pipeline.webp({ quality, effort: 4 });
  return pipeline.avif({ quality, effort: 4 });
}

const JPEG_XMP = Buffer.from('http://ns.adobe.com/xap/1.0/\u0000', 'latin1');

// The encoded bytes with an XMP packet put in, as pieces for one gathering write; undefined for AVIF.
function withPacket(data, format, packet) {
  const xmp = Buffer.from(packet, 'utf8');
  if (format === 'jpeg') {
    const at = data[2] === 0xff && data[3] === 0xe0 ? 4 + data.readUInt16BE(4) : 2;
    const length = 2 + JPEG_XMP.length + xmp.length;
    return [
      data.subarray(0, at),
      Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]),
      JPEG_XMP,
      xmp,
      data.subarray(at),
    ];
  }
  if (format !== 'webp') return undefined;
  const chunk = Buffer.alloc(8 + xmp.length + (xmp.length & 1));
  chunk.write('XMP ', 0, 'latin1');
  chunk.writeUInt32LE(xmp.length, 4);
  xmp.copy(chunk, 8);
  let head;
  let rest;
  if (data.toString('latin1', 12, 16) === 'VP8X') {
    head = Buffer.from(data.subarray(0, 21));
    head[20] |= 0x04;
    rest = data.subarray(21);
  } else {
    // A simple lossy file made extended: a VP8X chunk with the canvas size from the key frame.
    head = Buffer.alloc(30);
    data.copy(head, 0, 0, 12);
    head.write('VP8X', 12, 'latin1');
    head.writeUInt32LE(10, 16);
    head[20] = 0x04;
    head.writeUIntLE((data.readUInt16LE(26) & 0x3fff) - 1, 24, 3);
    head.writeUIntLE((data.readUInt16LE(28) & 0x3fff) - 1, 27, 3);
    rest = data.subarray(12);
  }
  head.writeUInt32LE(head.length + rest.length + chunk.length - 8, 4);
  return [head, rest, chunk];
}

async function writePieces(file, pieces) {
  const target = job.durable ? path.join(path.dirname(file), `.${path.basename(file)}.tmp`) : file;
  const handle = await open(target, 'w');
  try {
    await handle.writev(pieces);
    if (job.durable) await handle.sync();
  } finally {
    await handle.close();
  }
  if (job.durable) await rename(target, file);
}

let encoded = 0;
let files = 0;
let bytes = 0;
async function one(file, index) {
  const largest = Math.max(...job.widths);
  const { data, info } = await sharp(file, { autoOrient: true, failOn: 'error' })
    .resize({ width: largest, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const fitting = job.widths.filter((w) => w <= info.width);
  const widths = fitting.length > 0 ? fitting : [info.width];
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  await Promise.all(
    widths.flatMap((width) =>
      formats.map(async (format) => {
        const pipelineAt = () => (width === info.width ? sharp(data, raw) : sharp(data, raw).resize({ width }));
        const out = await encode(pipelineAt(), format).toBuffer();
        encoded += 1;
        if (!job.packets) {
          await writeFile(path.join(job.outDir, `${index}-${width}.${format}`), out);
          files += 1;
          bytes += out.length;
          return;
        }
        for (const [use, packet] of job.packets[index].entries()) {
          const pieces =
            packet === null
              ? [out]
              : (withPacket(out, format, packet) ?? [await encode(pipelineAt().withXmp(packet), format).toBuffer()]);
          await writePieces(path.join(job.outDir, `${index}-${use}-${width}.${format}`), pieces);
          files += 1;
          bytes += pieces.reduce((sum, piece) => sum + piece.length, 0);
        }
      }),
    ),
  );
}

let next = 0;
async function worker() {
  while (next < job.sources.length) {
    const index = next++;
    await one(job.sources[index], index);
  }
}
await Promise.all(Array.from({ length: job.concurrency }, worker));
process.stdout.write(`${JSON.stringify({ encoded, files, bytes })}\n`);
