// The images benchmark's baseline: the same renditions as presswire, with bare
// sharp, the fastest way sharp can — each source decoded once (orient, sRGB, resize to the
// largest needed width), every smaller width and every format derived from those pixels,
// at the same concurrency, with the same encoder settings. Nothing else: no hashing, no
// manifest, no articles, no feeds, no write-aside. Plain JavaScript so that it starts as
// fast as node does.
//
//   node bench/baseline.mjs <job.json>
//   job.json: {"sources": [absolute paths], "outDir", "widths", "formats", "quality", "background", "concurrency"}
// Prints one JSON line: {"encoded": n, "bytes": total bytes written}.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

let encoded = 0;
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
        let pipeline = sharp(data, raw);
        if (width !== info.width) pipeline = pipeline.resize({ width });
        const out = await encode(pipeline, format).toBuffer();
        await writeFile(path.join(job.outDir, `${index}-${width}.${format}`), out);
        encoded += 1;
        bytes += out.length;
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
process.stdout.write(`${JSON.stringify({ encoded, bytes })}\n`);
