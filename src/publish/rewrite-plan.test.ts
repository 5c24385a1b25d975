import { describe, expect, it } from 'vitest';
import type { FeedOutput } from '../feeds/plan.js';
import { planRewrites, unmovedOutputs } from './rewrite-plan.js';
import { shrinkInputOf } from './shrink-guard.js';

const output = (path: string, fingerprint: string) => ({ path, fingerprint }) as FeedOutput;

describe('what a build rewrites', () => {
  const outputs = [output('atom.xml', 'A2'), output('rss.xml', 'R1'), output('feed.json', 'J1')];
  const before = { 'atom.xml': 'A1', 'rss.xml': 'R1', 'feed.json': 'J1', 'old.xml': 'O1' };

  it('checks only the files whose fingerprints did not move', () => {
    expect(unmovedOutputs(outputs, before)).toEqual(['rss.xml', 'feed.json']);
  });

  it('rewrites moved and drifted files, and stops vouching for them before they are touched', () => {
    const plan = planRewrites(outputs, before, new Set(['rss.xml']));
    expect(plan.stale.map((o) => o.path)).toEqual(['atom.xml', 'feed.json']);
    expect(plan.unchanged).toEqual(['rss.xml']);
    expect(plan.fingerprints).toEqual({ 'atom.xml': 'A2', 'rss.xml': 'R1', 'feed.json': 'J1' });
    expect(plan.vouched).toEqual({ 'rss.xml': 'R1', 'old.xml': 'O1' });
  });
});

describe('shrinkInputOf', () => {
  const check = {
    records: {
      a: { bodyHash: '', declaredModified: 0, modified: 0, sourcePath: 'a.md' },
      b: { bodyHash: '', declaredModified: 0, modified: 0, sourcePath: 'b.md' },
      c: { bodyHash: '', declaredModified: 0, modified: 0, sourcePath: 'c.md', withdrawnAt: 1 },
    },
    failedSources: new Set(['b.md']),
    articleFiles: 2,
    syndicated: 1,
    maxShrink: 0.5,
    allowShrink: false,
    articlesFolder: 'articles',
  };

  it('counts a failed article whose entry is kept as still published', () => {
    expect(shrinkInputOf(check, 2)).toMatchObject({ previous: 2, next: 2 });
  });

  it('takes the state records as the last count when none was recorded and the folder is empty', () => {
    expect(shrinkInputOf({ ...check, articleFiles: 0, syndicated: 0 }, undefined)).toMatchObject({
      previous: 2,
      next: 1,
    });
    expect(shrinkInputOf(check, undefined).previous).toBeUndefined();
  });
});
