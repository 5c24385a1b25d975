import { stat } from 'node:fs/promises';
import path from 'node:path';
import { writeIfChanged } from './atomic-write.js';
import { readRecordFile } from './record-file.js';

/**
 * The fingerprint each feed file was last written from, at
 * `<state>/outputs.json`. A feed whose fingerprint is unchanged and whose file is still in
 * out/ is neither serialized nor read: a no-op rebuild of 50,000 articles costs what its
 * stat calls cost. A missing or damaged file is simply a first build.
 */

const VERSION = 1;

export type Fingerprints = Record<string, string>;

function file(stateDir: string): string {
  return path.join(stateDir, 'outputs.json');
}

export async function readOutputState(stateDir: string): Promise<Fingerprints> {
  return readRecordFile(
    file(stateDir),
    (data) => {
      const { version, outputs } = data as { version?: number; outputs?: Fingerprints };
      return version === VERSION && outputs ? outputs : undefined;
    },
    {},
  );
}

export async function writeOutputState(stateDir: string, outputs: Fingerprints): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(outputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeIfChanged(file(stateDir), `${JSON.stringify({ version: VERSION, outputs: sorted })}\n`);
}

/** True when the output file exists (a deleted feed is written again whatever its fingerprint). */
export async function outputExists(outDir: string, name: string): Promise<boolean> {
  return stat(path.join(outDir, name)).then(
    (s) => s.isFile(),
    () => false,
  );
}
