import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FeedOutput } from '../feeds/plan.js';
import { writeIfChanged } from './atomic-write.js';
import { readRecordFile } from './record-file.js';
import { unmovedOutputs } from './rewrite-plan.js';

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

/**
 * The feeds a build now would write, for a build that writes nothing (`check`, the schedule
 * job's start): those whose fingerprint moved since the last build, and those missing from
 * out/. A published file changed behind presswire's back is not looked for here (a build
 * finds and repairs it: publish/published-files.ts).
 */
export async function outdatedOutputs(
  outDir: string,
  stateDir: string,
  outputs: readonly FeedOutput[],
): Promise<string[]> {
  const unmoved = new Set(unmovedOutputs(outputs, await readOutputState(stateDir)));
  const present = await Promise.all(
    outputs.map((output) => unmoved.has(output.path) && outputExists(outDir, output.path)),
  );
  return outputs.filter((_, i) => !present[i]).map((output) => output.path);
}
