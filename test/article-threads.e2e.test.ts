import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';

/**
 * A first build of a large newsroom starts its worker threads before their work, so that
 * their start-up overlaps the build's own: the article threads before the files are stat'ed
 * (src/workers/pool.ts), the feed threads of a first archive before the entries are made
 * (src/workers/feed-pool.ts). A build that fails in between must stop them: a long-running
 * program that imports presswire (or `presswire schedule`) would otherwise gain idle threads
 * with every failed build. Counted as the threads of a real process (Linux's
 * /proc/self/task) that runs the library.
 */

const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs');
const run = promisify(execFile);
let newsroom: Newsroom;

beforeAll(async () => {
  newsroom = await makeNewsroom();
});
afterAll(() => newsroom.remove());

async function writeArticles(count: number): Promise<void> {
  for (let n = 0; n < count; n++)
    await newsroom.write(`a${n}.md`, article({ title: `A ${n}`, published: '2026-05-01T00:00:00Z' }));
}

/** Builds the newsroom with the library in a child process; its thread count before and after, and the error. */
async function buildInChild(): Promise<{ before: number; after: number; error: string }> {
  const script = path.join(newsroom.root, 'build-once.mjs');
  await writeFile(
    script,
    `import { readdirSync } from 'node:fs';
    import { readFile } from 'node:fs/promises';
    import { build } from ${JSON.stringify(path.join(REPO_ROOT, 'src/index.ts'))};
    const threads = () => readdirSync('/proc/self/task').length;
    // The thread pool of Node's own file calls starts with the first one: started before counting.
    await readFile(${JSON.stringify(newsroom.config)});
    const before = threads();
    const error = await build({ config: ${JSON.stringify(newsroom.config)}, cwd: ${JSON.stringify(newsroom.root)} })
      .then(() => 'none', (failure) => String(failure.message));
    // A stopped thread leaves the process a moment after the pool says it is destroyed.
    for (let waited = 0; waited < 2000 && threads() > before; waited += 50) await new Promise((r) => setTimeout(r, 50));
    console.log(JSON.stringify({ before, after: threads(), error }));`,
  );
  const { stdout } = await run(process.execPath, ['--import', TSX, script], {
    cwd: newsroom.root,
    env: { ...process.env, PRESSWIRE_NOW: '2026-11-28T00:00:00Z' },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { before: number; after: number; error: string };
}

describe('article threads started ahead of a first build', () => {
  it('are stopped when the build fails before reading the files (its body store cannot be made)', async () => {
    await writeArticles(70);
    // A file where the body store's folder goes: making it fails after the threads started.
    await mkdir(`${newsroom.out}.presswire`, { recursive: true });
    await writeFile(path.join(`${newsroom.out}.presswire`, 'bodies'), 'not a folder');
    const { before, after, error } = await buildInChild();
    expect(error).toMatch(/^EEXIST: file already exists, mkdir '.*\/out\.presswire\/bodies'$/);
    expect(after).toBe(before);
  });
});

describe('feed threads started ahead of a first archive', () => {
  it('are stopped when the build fails before its feeds are written (a folder where atom.xml goes)', async () => {
    // 2,000 entries or more: the first archive's threads start before the entries are made (workers/feed-pool.ts).
    await writeArticles(2_000);
    await rm(`${newsroom.out}.presswire`, { recursive: true, force: true });
    await mkdir(path.join(newsroom.out, 'atom.xml'), { recursive: true });
    const { before, after, error } = await buildInChild();
    expect(error).toContain('atom.xml');
    expect(after).toBe(before);
  }, 120_000);
});
