import { describe, expect, it } from 'vitest';
import type { StoredBody } from '../render/body-store.js';
import { bodiesToRepack, reuseUnchanged } from './article-cache.js';
import type { PreparedArticle } from './prepare.js';

function prepared(sourcePath: string): PreparedArticle {
  return {
    sourcePath,
    displayPath: `articles/${sourcePath}`,
    fileHash: `hash-${sourcePath}`,
    lines: {},
    diagnostics: [],
  };
}

describe('reuseUnchanged: which files the cache answers for', () => {
  const old = new Map([
    ['same.md', { size: 100, mtimeMs: 1000, prepared: prepared('same.md') }],
    ['touched.md', { size: 100, mtimeMs: 1000, prepared: prepared('touched.md') }],
    ['grown.md', { size: 100, mtimeMs: 1000, prepared: prepared('grown.md') }],
    ['vanished.md', { size: 100, mtimeMs: 1000, prepared: prepared('vanished.md') }],
  ]);

  it('takes a file whose size and modification time match its record, and reads every other one', () => {
    const sourcePaths = ['same.md', 'touched.md', 'grown.md', 'new.md', 'vanished.md'];
    const fileStats = [
      { size: 100, mtimeMs: 1000 },
      { size: 100, mtimeMs: 2000 },
      { size: 101, mtimeMs: 1000 },
      { size: 5, mtimeMs: 1000 },
      undefined,
    ];
    const { prepared: reused, toRead } = reuseUnchanged(sourcePaths, fileStats, old);
    expect(toRead).toEqual([1, 2, 3, 4]);
    expect(reused[0]?.fileHash).toBe('hash-same.md');
    expect(reused.length).toBe(5);
    expect([1, 2, 3, 4].map((index) => reused[index])).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('bodiesToRepack: which stored bodies move to a new pack', () => {
  const ref = (pack: string, offset: number): StoredBody => ({ pack, offset, length: 10, sha256: 'x' });

  it('moves the live bodies of a pack less than half alive, and leaves packs at least half alive', () => {
    const refs = new Map([
      ['a.md', ref('mostly-dead-5.pack', 0)],
      ['b.md', ref('half-4.pack', 0)],
      ['c.md', ref('mostly-dead-5.pack', 10)],
      ['d.md', ref('half-4.pack', 10)],
      ['e.md', ref('alone-1.pack', 0)],
    ]);
    expect(bodiesToRepack(refs)).toEqual(['a.md', 'c.md']);
  });

  it('moves nothing when every pack is full', () => {
    expect(bodiesToRepack(new Map([['a.md', ref('full-1.pack', 0)]]))).toEqual([]);
  });
});
