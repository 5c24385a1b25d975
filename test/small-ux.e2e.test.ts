import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliArgv, REPO_ROOT, runCli } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';

/** Smaller things a first-time user meets: progress in --json, plurals, lines of missing keys, the README. */

let room: Newsroom;
beforeEach(async () => {
  room = await makeNewsroom();
});
afterEach(() => room.remove());

describe('presswire build --json', () => {
  it('reports image work as progress events, at most one a second', async () => {
    const count = 8;
    for (let n = 0; n < count; n++) {
      await writeJpeg(path.join(room.articles, `images/photo-${n}.jpg`), 2400, 1600);
      await room.write(
        `a${n}.md`,
        article({
          title: `Dispatch ${n}`,
          published: `2026-10-0${1 + (n % 9)}T08:00:00Z`,
          image: { src: `images/photo-${n}.jpg`, alt: `Photo ${n}` },
        }),
      );
    }
    // No PRESSWIRE_NOW: the lines' times are the real ones, so their spacing can be measured.
    const result = await runCli(['build', '--json'], { cwd: room.root, timeoutMs: 180_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const progress = lines.filter((line) => line.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatchObject({ level: 'info', stage: 'images', done: 0, total: count });
    for (const event of progress) expect(event).toMatchObject({ stage: 'images', total: count });
    const times = progress.map((event) => Date.parse(event.time as string));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(lines.at(-1)).toMatchObject({ event: 'build-finished', imagesEncoded: expect.any(Number) });
  }, 200_000);
});

describe('a reader that stops reading', () => {
  it("publishes and exits with the build's own code when the pipe to stdout is closed (as `| head -1` does)", async () => {
    // Every article has an unknown key: a --json line each on stdout, all written after the pipe is gone.
    for (let n = 0; n < 30; n++) {
      await room.write(
        `a${n}.md`,
        article({ title: `Dispatch ${n}`, published: '2026-10-01T08:00:00Z', colour: 'red' }),
      );
    }
    const child = spawn(process.execPath, cliArgv(['build', '--json']), {
      cwd: room.root,
      env: { ...process.env, PRESSWIRE_NOW: '2026-11-28T00:00:00Z' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const atom = await readFile(path.join(room.out, 'atom.xml'), 'utf8');
    expect(atom.match(/<entry>/g)?.length).toBe(30);
  }, 60_000);
});

describe('the summary line and diagnostics', () => {
  it('says "1 entry", "1 error", "1 warning", and puts a missing key at the front matter\'s first line', async () => {
    await room.write('good.md', article({ title: 'Good', published: '2026-10-01T08:00:00Z', colour: 'red' }));
    await room.write('bad.md', article({ published: '2026-10-02T08:00:00Z', dek: 'No headline' }));
    const result = await runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' } });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'error: articles/bad.md:2: title: expected a non-empty string but received nothing',
      expect.stringMatching(/^warning: articles\/good\.md:4: colour: unknown key, ignored/),
    ]);
    expect(lines[2]).toMatch(
      /^presswire build: FAILED — 1 entry \(0 corrected\), 0 withdrawn, 0 skipped, 1 failed; 1 error, 1 warning; \d+ written, 0 unchanged in out\/ \(0 image renditions encoded\); /,
    );
  });
});

describe('presswire check', () => {
  it('says which feeds in out/ are behind the articles, and when none is', async () => {
    const env = { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' };
    await room.write('hearing.md', article({ title: 'Hearing', published: '2026-10-01T08:00:00Z' }));
    const summary = (result: { stdout: string }) => result.stdout.trim().split('; ').slice(-2)[0];
    expect(summary(await runCli(['check'], { cwd: room.root, env }))).toBe(
      '6 feeds out of date (archive/1.xml, rss.xml, atom.xml, …)',
    );
    expect((await runCli(['build'], { cwd: room.root, env })).code).toBe(0);
    expect(summary(await runCli(['check'], { cwd: room.root, env }))).toBe('out/ is up to date');
    await room.write('later.md', article({ title: 'Later', published: '2026-10-02T08:00:00Z' }));
    const json = await runCli(['check', '--json'], { cwd: room.root, env });
    expect(JSON.parse(json.stdout.trim().split('\n').at(-1) as string)).toMatchObject({
      event: 'check-finished',
      outdated: ['archive/1.xml', 'rss.xml', 'atom.xml', 'feed.json'],
    });
  });
});

describe('the README', () => {
  it('links nothing outside the repository, and sends browser users to presswire serve', async () => {
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    // Links, not examples: code blocks and code spans show article syntax.
    const prose = readme.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const relativeLinks = [...prose.matchAll(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g)].map((m) => m[1]!);
    for (const link of relativeLinks) {
      const target = path.resolve(REPO_ROOT, link.split('#')[0]!);
      expect(target.startsWith(REPO_ROOT + path.sep), link).toBe(true);
    }
    expect(readme).not.toContain('../shared');
    expect(readme).toContain('browsers refuse XSL stylesheets on `file:` URLs');
  });
});
