import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { isWithin, overlap, refuseOverlappingFolders, resolveReal } from './folders.js';

describe('overlap (pure)', () => {
  it.each([
    [{ articlesDir: '/s/articles', outDir: '/s/out', stateDir: '/s/out.presswire' }, undefined],
    [
      { articlesDir: '/s/articles', outDir: '/s/articles', stateDir: '/s/st' },
      { inner: 'articlesDir', outer: 'outDir' },
    ],
    [
      { articlesDir: '/s/articles', outDir: '/s/articles/public', stateDir: '/s/st' },
      { inner: 'outDir', outer: 'articlesDir' },
    ],
    [
      { articlesDir: '/s/articles', outDir: '/s/out', stateDir: '/s/out/state' },
      { inner: 'stateDir', outer: 'outDir' },
    ],
    [
      { articlesDir: '/s/out/articles', outDir: '/s/out', stateDir: '/s/st' },
      { inner: 'articlesDir', outer: 'outDir' },
    ],
    // A common prefix is not containment.
    [{ articlesDir: '/s/out-articles', outDir: '/s/out', stateDir: '/s/outstate' }, undefined],
  ] as const)('%o → %o', (folders, expected) => {
    expect(overlap(folders)).toEqual(expected);
  });

  it('isWithin: equal, inside, beside', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b/c', '/a/b')).toBe(true);
    expect(isWithin('/a/bc', '/a/b')).toBe(false);
    expect(isWithin('/a', '/a/b')).toBe(false);
  });
});

describe('refuseOverlappingFolders', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'presswire-folders-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sees through a symbolic link, and resolves folders not made yet by their nearest existing parent', async () => {
    await mkdir(path.join(dir, 'articles'));
    await symlink(path.join(dir, 'articles'), path.join(dir, 'link'));
    expect(await resolveReal(path.join(dir, 'link', 'not', 'yet'))).toBe(path.join(dir, 'articles', 'not', 'yet'));
    const error = await refuseOverlappingFolders(
      {
        articlesDir: path.join(dir, 'articles'),
        outDir: path.join(dir, 'link', 'out'),
        stateDir: path.join(dir, 'st'),
      },
      dir,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'output folder link/out is inside the articles folder articles; presswire needs three separate folders (articles, out, state) and touched nothing',
    );
  });

  it('accepts three separate folders', async () => {
    await expect(
      refuseOverlappingFolders(
        { articlesDir: path.join(dir, 'a'), outDir: path.join(dir, 'o'), stateDir: path.join(dir, 'o.presswire') },
        dir,
      ),
    ).resolves.toBeUndefined();
  });
});
