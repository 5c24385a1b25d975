import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedOutput, FeedPlan } from '../feeds/plan.js';
import { emptyFeedState } from './feed-state.js';
import { readOutputState } from './output-state.js';
import { publishBuild, type PublishInput } from './publish-build.js';
import { emptyState } from './state.js';

/**
 * The publish stage in its two steps (feeds/plan.ts, StagedFeedPlan): the main feeds are
 * written before the rest is planned, and outputs.json never vouches for a file that is not
 * what it says, whichever step a build stops in.
 */

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'presswire-publish-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const output = (file: string, content: string): FeedOutput => ({
  path: file,
  content,
  fingerprint: `fingerprint of ${content}`,
  url: `https://news.example/${file}`,
  set: file === 'atom.xml' ? 'main' : file.startsWith('archive/') ? 'archive' : 'facet',
  subscribable: !file.startsWith('archive/'),
});

function input(atom: string, section: string | Error, archive: [file: string, content: string][] = []): PublishInput {
  const outDir = path.join(root, 'out');
  const stateDir = path.join(root, 'state');
  const lead = [...archive.map(([file, content]) => output(file, content)), output('atom.xml', atom)];
  const complete = (): Pick<FeedPlan, 'outputs' | 'state' | 'window' | 'listings'> => {
    if (section instanceof Error) throw section;
    return {
      outputs: [...lead, output('sections/world/atom.xml', section)],
      state: emptyFeedState(),
      window: [],
      listings: [],
    };
  };
  return {
    config: {
      outDir,
      stateDir,
      feeds: { files: { atom: 'atom.xml', rss: 'rss.xml', json: 'feed.json' } },
    } as PublishInput['config'],
    feeds: { lead: { outputs: lead }, complete },
    pages: [],
    indexPage: () => ['index.html', '<!doctype html><title>News</title>'],
    history: {
      state: emptyState(),
      feedState: emptyFeedState(),
      current: { state: false, feedState: false },
      lastGood: async () => new Map(),
      lastGoodIsCurrent: async () => true,
      notes: [],
    },
    nextState: () => emptyState(),
    saveArticleCache: async () => undefined,
    deletions: {},
    publishedCount: 0,
    loadContent: async () => undefined,
  };
}

describe('publishBuild: the main feeds first, then the rest', () => {
  it('writes every feed and vouches for each as written', async () => {
    const published = await publishBuild(input('<feed>1</feed>', '<feed>world 1</feed>'));
    expect(published.written).toEqual(['atom.xml', 'sections/world/atom.xml', 'index.html']);
    expect(await readOutputState(path.join(root, 'state'))).toEqual({
      'atom.xml': 'fingerprint of <feed>1</feed>',
      'sections/world/atom.xml': 'fingerprint of <feed>world 1</feed>',
    });
  });

  it('leaves the main feed published and vouches for nothing it did not write when planning the rest fails', async () => {
    await publishBuild(input('<feed>1</feed>', '<feed>world 1</feed>'));
    const failure = new Error('cannot find a free slug');
    await expect(publishBuild(input('<feed>2</feed>', failure))).rejects.toBe(failure);
    expect(await readFile(path.join(root, 'out', 'atom.xml'), 'utf8')).toBe('<feed>2</feed>');
    // atom.xml was rewritten: its old fingerprint is gone, and its new one not yet recorded.
    expect(await readOutputState(path.join(root, 'state'))).toEqual({
      'sections/world/atom.xml': 'fingerprint of <feed>world 1</feed>',
    });
    // The next build finds atom.xml unvouched and writes what it plans, the section feed too.
    const next = await publishBuild(input('<feed>2</feed>', '<feed>world 2</feed>'));
    expect(next.written).toEqual(['sections/world/atom.xml']);
    expect(next.unchanged).toEqual(['atom.xml', 'index.html']);
    expect(await readOutputState(path.join(root, 'state'))).toEqual({
      'atom.xml': 'fingerprint of <feed>2</feed>',
      'sections/world/atom.xml': 'fingerprint of <feed>world 2</feed>',
    });
  });

  it('writes a new archive page before the main feed that links to it, and a changed one after', async () => {
    await publishBuild(input('<feed>1</feed>', '<feed>world 1</feed>', [['archive/1.xml', '<page>1 a</page>']]));
    const next = await publishBuild(
      input('<feed>2</feed>', '<feed>world 1</feed>', [
        ['archive/1.xml', '<page>1 b</page>'],
        ['archive/2.xml', '<page>2 a</page>'],
      ]),
    );
    expect(next.written).toEqual(['archive/2.xml', 'atom.xml', 'archive/1.xml']);
    expect(next.unchanged).toEqual(['sections/world/atom.xml', 'index.html']);
  });
});
