import { execFileSync } from 'node:child_process';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { mountTmpfs } from './support/tmpfs.js';

/**
 * docs/operations.md, "Exit codes": a build server's ordinary bad days (a full disk, a
 * read-only output folder, a missing articles folder) exit with their own codes (74, 73,
 * 66), one line that says what happened, which path and what to do, no stack trace, the
 * published files intact, and the next build after the cause is gone publishes normally.
 *
 * The output lives on a small tmpfs mounted by the test: this needs root (CI runs as root)
 * and fails loudly when it cannot mount.
 */

const NOW = '2026-11-28T00:00:00Z';
const CONFIG = {
  site: { title: 'Bad Days Desk', url: 'https://bad-days.example/' },
};
const FEEDS = ['rss.xml', 'atom.xml', 'feed.json'];
// A body of some size, so that the feeds need more room than a nearly full disk has.
const BODY = `${'The hearing was adjourned again, and the families waited outside the court. '.repeat(120)}\n`;

let newsroom: Newsroom;
let mountPoint: string;
let disk: ReturnType<typeof mountTmpfs> | undefined;

beforeAll(async () => {
  newsroom = await makeNewsroom();
  mountPoint = path.join(newsroom.root, 'disk');
  await mkdir(mountPoint);
  disk = mountTmpfs(mountPoint, '1m');
  await writeFile(
    path.join(newsroom.root, 'presswire.config.json'),
    JSON.stringify({ ...CONFIG, out: 'disk/out', state: 'disk/out.presswire' }),
  );
  for (const n of [1, 2, 3]) {
    await newsroom.write(
      `2026/story-${n}.md`,
      article({ title: `Story ${n}`, published: `2026-11-0${n}T08:00:00Z` }, BODY),
    );
  }
});

afterAll(async () => {
  disk?.unmount();
  await newsroom?.remove();
});

const out = () => path.join(mountPoint, 'out');
const build = (args: string[] = []): Promise<CliResult> =>
  runCli(['build', ...args], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });

async function published(): Promise<Record<string, string>> {
  return Object.fromEntries(
    await Promise.all(FEEDS.map(async (name) => [name, await readFile(path.join(out(), name), 'utf8')] as const)),
  );
}

/** Fill the disk with one file, leaving about `leave` bytes free. */
async function fillDisk(file: string, leave: number): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(4096, 120);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await handle.close();
  }
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
  await import('node:fs/promises').then((fs) => fs.truncate(file, Math.max(0, size - leave)));
}

describe('a full disk', () => {
  it('exits 74 with one line naming the file, keeps the published feeds, and the next build after space is freed publishes', async () => {
    const first = await build();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const before = await published();

    await newsroom.write('2026/story-4.md', article({ title: 'Story 4', published: '2026-11-04T08:00:00Z' }, BODY));
    const filler = path.join(mountPoint, 'filler');
    await fillDisk(filler, 8 * 1024);

    let full: CliResult;
    let json: CliResult;
    try {
      full = await build();
      json = await build(['--json']);
    } finally {
      await rm(filler);
    }
    expect(full.code).toBe(74);
    const lines = full.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^presswire: cannot write ${mountPoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+: no space is left on the device \\(ENOSPC\\); free space on that disk \\(or raise the quota\\) and run the build again\\. The files already published are unchanged\\.$`,
      ),
    );
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(full.stderr).not.toContain('internal error');
    expect(await published()).toEqual(before);

    // --json: the same message, and the system error's stack in `detail` only.
    expect(json.code).toBe(74);
    const fatal = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((record) => record.event === 'fatal');
    expect(fatal?.exitCode).toBe(74);
    expect(fatal?.message).toMatch(/: no space is left on the device \(ENOSPC\);/);
    expect(fatal?.detail).toMatch(/^Error: ENOSPC: no space left on device, .*\n\s+at /);

    const after = await build();
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    const feeds = await published();
    expect(feeds['feed.json']).toContain('"title": "Story 4"');
    expect(feeds['atom.xml']).toContain('<title type="text">Story 4</title>');
  });
});

describe('a read-only output folder', () => {
  it('exits 73 with one line naming the path, keeps the published feeds, and the next build after a remount publishes', async () => {
    expect((await build()).code).toBe(0);
    const before = await published();
    await newsroom.write('2026/story-5.md', article({ title: 'Story 5', published: '2026-11-05T08:00:00Z' }, BODY));
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    let readOnly: CliResult;
    try {
      readOnly = await build();
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
    expect(readOnly.code).toBe(73);
    const lines = readOnly.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^presswire: cannot (write|open) \/\S+: the file system is read-only \(EROFS\); mount it read-write, or choose another output folder \(--out or PRESSWIRE_OUT\) and state folder \(the config key `state`\)\. The files already published are unchanged\.$/,
    );
    expect(lines[0]).toContain(mountPoint);
    expect(await published()).toEqual(before);

    const after = await build();
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect((await published())['feed.json']).toContain('"title": "Story 5"');
  });
});

describe('a missing articles folder', () => {
  it('exits 66 with one line naming the folder and what to do, and builds nothing', async () => {
    const before = await published();
    const missing = path.join(newsroom.root, 'no-such-folder');
    const result = await build(['--articles', missing]);
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(
      `presswire: the articles folder ${missing} does not exist; create it, or point --articles (or the config key \`articles\`) at the folder that holds the articles. Nothing was built.\n`,
    );
    expect(await published()).toEqual(before);
  });

  it('exits 66 when the articles path is a file, not a folder', async () => {
    const file = path.join(newsroom.root, 'articles.txt');
    await writeFile(file, 'not a folder');
    const result = await build(['--articles', file]);
    expect(result.code).toBe(66);
    expect(result.stderr).toBe(
      `presswire: the articles folder ${file} is not a folder; create it, or point --articles (or the config key \`articles\`) at the folder that holds the articles. Nothing was built.\n`,
    );
  });
});
