import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';

/**
 * Hostile bodies at newsroom scale: on the worker-thread path (64 articles or more), articles travel in
 * batches, yet a body that would take minutes to render must still cost only its own
 * deadline, be reported by name, and leave every other article of its batch built.
 * Two hostile bodies sit side by side, so they share a batch.
 */

const NOW = '2026-11-28T00:00:00Z';
const COUNT = 100;
const SLOW = new Set([20, 21]);
const name = (n: number) => `dispatch-${String(n).padStart(3, '0')}.md`;

let newsroom: Newsroom;
let result: CliResult;
let feed: { items: { title: string }[] };

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await newsroom.writeConfig({ feeds: { limit: 200 } });
  for (let n = 0; n < COUNT; n++) {
    const body = SLOW.has(n) ? `${'_a'.repeat(100_000)}\n` : `Paragraph of dispatch ${n}.\n`;
    await newsroom.write(
      name(n),
      article({ title: `Dispatch ${n}`, published: `2026-10-01T${String(n % 24).padStart(2, '0')}:00:00Z` }, body),
    );
  }
  result = await runCli(['build', '--json'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW }, timeoutMs: 120_000 });
  feed = JSON.parse(await newsroom.read('feed.json')) as typeof feed;
}, 150_000);
afterAll(() => newsroom.remove());

describe('a hostile body on a worker thread', () => {
  it('fails the build with one error per hostile article, naming its file', () => {
    expect(result.code).toBe(1);
    const errors = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; level?: string; file?: string; message?: string })
      .filter((event) => event.level === 'error' && event.file !== undefined);
    expect(errors.map((e) => e.file).sort()).toEqual(['articles/dispatch-020.md', 'articles/dispatch-021.md']);
    for (const error of errors) expect(error.message).toMatch(/^expected Markdown that renders in \d+\.\d s/);
  });

  it('builds every other article, including the rest of the hostile articles’ batch', () => {
    const titles = feed.items.map((item) => item.title).sort();
    const expected = Array.from({ length: COUNT }, (_, n) => n)
      .filter((n) => !SLOW.has(n))
      .map((n) => `Dispatch ${n}`)
      .sort();
    expect(titles).toEqual(expected);
  });
});
