import { execFile } from 'node:child_process';
import { MissingToolError } from './validators.js';

/**
 * exiftool (Debian libimage-exiftool-perl): an independent reader of image metadata, for
 * checking what a published rendition says about itself. Missing, it fails the test loudly.
 */

const EXIFTOOL = '/usr/bin/exiftool';

function run(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(EXIFTOOL, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new MissingToolError('exiftool', 'libimage-exiftool-perl', `${EXIFTOOL} not found`));
      } else if (error) reject(new Error(`exiftool ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Every tag of each file, keyed `Group1:Tag` (e.g. `XMP-photoshop:Credit`, `GPS:GPSLatitude`), values as text. */
export async function readTags(files: readonly string[]): Promise<Record<string, string>[]> {
  const output = await run(['-json', '-a', '-G1', '-s', '-n', '-charset', 'utf8', ...files]);
  return (JSON.parse(output) as Record<string, unknown>[]).map((record) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)])),
  );
}

/** Write tags into a file in place (`-TAG=value` arguments), e.g. a source that carries its own credit. */
export async function writeTags(file: string, assignments: readonly string[]): Promise<void> {
  await run(['-overwrite_original', '-charset', 'iptc=UTF8', '-IPTC:CodedCharacterSet=UTF8', ...assignments, file]);
}
