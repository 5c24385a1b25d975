import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRecordFile } from './record-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-record-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const count = (data: unknown) => {
  const { entries } = data as { entries?: unknown };
  return typeof entries === 'number' ? entries : undefined;
};

describe('readRecordFile: a state file the build can do without', () => {
  it('gives what the file holds when it is accepted, zero included', async () => {
    await writeFile(path.join(dir, 'count.json'), '{"entries": 0}');
    expect(await readRecordFile(path.join(dir, 'count.json'), count, -1)).toBe(0);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not JSON', '{"entries": 3'],
    ['JSON null', 'null'],
    ['not accepted', '{"entries": "three"}'],
  ])('gives the fallback when the file is %s', async (_what, content) => {
    const file = path.join(dir, 'count.json');
    if (content !== undefined) await writeFile(file, content);
    expect(await readRecordFile(file, count, -1)).toBe(-1);
  });
});
