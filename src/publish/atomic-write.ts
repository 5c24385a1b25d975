import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';

/**
 * Every file in out/ is replaced whole (SPEC §5): write-file-atomic writes a temporary
 * file beside the target, fsyncs it and renames it into place, so a reader (or a killed
 * build) never sees half a file.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomicLib(file, typeof content === 'string' ? content : Buffer.from(content));
}

export type WriteOutcome = 'written' | 'unchanged';

/**
 * Write only when the bytes differ (SPEC §5): an unchanged file keeps its mtime, so web
 * servers' ETag and Last-Modified stay valid.
 */
export async function writeIfChanged(file: string, content: string | Uint8Array): Promise<WriteOutcome> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const existing = await readFile(file).catch(() => undefined);
  if (existing && existing.equals(bytes)) return 'unchanged';
  await writeFileAtomic(file, bytes);
  return 'written';
}
