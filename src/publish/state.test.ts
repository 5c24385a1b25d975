import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGenerations } from './generations.js';
import { parseStateData, sameEntries, stateFile, writeState } from './state.js';

/** The state as a build reads it (publish/state-recovery.ts): the current generation, else the previous one. */
const readState = (stateDir: string) => readGenerations(stateFile(stateDir), parseStateData);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presswire-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = { bodyHash: 'ab', declaredModified: 1, modified: 2, firstPublished: 3, lastPublished: 4 };

describe('state file', () => {
  it('is missing before the first build', async () => {
    expect(await readState(dir)).toEqual({
      from: 'none',
      firstBuild: true,
      problems: ['state.json is missing', 'state.json.prev is missing'],
    });
  });

  it('writes sorted keys, so the same state has the same bytes, and reads back what it wrote', async () => {
    await writeState(dir, {
      version: 2,
      entries: { 'tag:b': { ...record, sourcePath: 'b.md' }, 'tag:a': { ...record, sourcePath: 'a.md' } },
    });
    const text = await readFile(stateFile(dir), 'utf8');
    expect(text.indexOf('tag:a')).toBeLessThan(text.indexOf('tag:b'));
    expect(await readState(dir)).toEqual({
      from: 'current',
      value: {
        version: 2,
        entries: { 'tag:a': { ...record, sourcePath: 'a.md' }, 'tag:b': { ...record, sourcePath: 'b.md' } },
      },
    });
  });

  it('reads version 1 (no source paths yet) as version 2', async () => {
    await writeFile(stateFile(dir), JSON.stringify({ version: 1, entries: { 'tag:a': record } }));
    expect(await readState(dir)).toEqual({ from: 'current', value: { version: 2, entries: { 'tag:a': record } } });
  });

  it.each([
    ['not JSON', '{ version', 'state.json is not JSON ('],
    ['empty', '', 'state.json is not JSON (it is empty)'],
    ['a newer version', '{"version": 3, "entries": {}}', 'state.json is not presswire state (version 3'],
    [
      'a record without its hash',
      '{"version": 2, "entries": {"tag:a": {"modified": 1}}}',
      'state.json is not presswire state (entry tag:a: bodyHash is not a string)',
    ],
    [
      'a record whose optional field has the wrong type',
      '{"version": 2, "entries": {"tag:a": {"bodyHash": "ab", "declaredModified": 1, "modified": 2, "sourcePath": 5}}}',
      'state.json is not presswire state (entry tag:a: sourcePath is not a string)',
    ],
    [
      'entries that are not records',
      '{"version": 2, "entries": ["tag:a"]}',
      'state.json is not presswire state (no entries)',
    ],
  ])('refuses %s, saying why, and is no first build', async (_what, content, problem) => {
    await writeFile(stateFile(dir), content);
    const reading = await readState(dir);
    expect(reading.from).toBe('none');
    if (reading.from !== 'none') return;
    expect(reading.firstBuild).toBe(false);
    expect(reading.problems[0]).toContain(problem);
    expect(reading.problems[1]).toBe('state.json.prev is missing');
  });
});

describe('sameEntries', () => {
  const full = {
    bodyHash: 'h',
    declaredModified: 1,
    modified: 2,
    firstPublished: 3,
    lastPublished: 3,
    sourcePath: 'a.md',
  };
  it('is true for the same fulls in another order, an absent field equal to an undefined one', () => {
    expect(
      sameEntries(
        { x: full, y: { ...full, sourcePath: 'b.md' } },
        { y: { ...full, sourcePath: 'b.md' }, x: { ...full, withdrawnAt: undefined } },
      ),
    ).toBe(true);
  });
  it.each([
    ['a field changed', { x: { ...full, modified: 5 } }],
    ['a full added', { x: full, z: full }],
    ['a full gone', {}],
    ['withdrawn since', { x: { ...full, withdrawnAt: 9 } }],
  ])('is false when %s', (_name, next) => {
    expect(sameEntries({ x: full }, next)).toBe(false);
  });
});
