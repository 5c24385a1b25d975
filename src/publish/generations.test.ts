import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previousFile, readGenerations, writeGeneration } from './generations.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-generations-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (data: unknown) =>
  typeof data === 'object' && data !== null && 'n' in data ? (data as { n: number }).n : 'no n';

describe('state file generations', () => {
  it('keep the replaced version as .prev, and fall back to it when the current one is damaged', async () => {
    const file = path.join(dir, 'state.json');
    expect(await readGenerations(file, parse)).toEqual({
      from: 'none',
      firstBuild: true,
      problems: ['state.json is missing', 'state.json.prev is missing'],
    });
    await writeGeneration(file, '{"n":1}', { keepPrevious: true, ifChanged: false });
    await writeGeneration(file, '{"n":2}', { keepPrevious: true, ifChanged: false });
    expect(await readFile(previousFile(file), 'utf8')).toBe('{"n":1}');
    expect(await readGenerations(file, parse)).toEqual({ from: 'current', value: 2 });

    await writeFile(file, '');
    expect(await readGenerations(file, parse)).toEqual({
      from: 'previous',
      value: 1,
      problem: 'state.json is not JSON (it is empty)',
    });
    // The damaged current is not rotated over the good previous generation.
    await writeGeneration(file, '{"n":3}', { keepPrevious: false, ifChanged: false });
    expect(await readFile(previousFile(file), 'utf8')).toBe('{"n":1}');

    await writeFile(file, '{"m":1}');
    await writeFile(previousFile(file), '{');
    const none = await readGenerations(file, parse);
    expect(none.from).toBe('none');
    expect(none).toMatchObject({ firstBuild: false });
    expect((none as { problems: string[] }).problems[0]).toBe('state.json is not presswire state (no n)');
    expect((none as { problems: string[] }).problems[1]).toMatch(/^state\.json\.prev is not JSON \(/);
  });

  it('write nothing, and rotate nothing, when the bytes are the same (ifChanged)', async () => {
    const file = path.join(dir, 'feeds.json');
    await writeGeneration(file, '{"n":1}', { keepPrevious: true, ifChanged: true });
    await writeGeneration(file, '{"n":1}', { keepPrevious: true, ifChanged: true });
    await expect(readFile(previousFile(file), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
