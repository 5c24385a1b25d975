import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { sleep, type RunningCli } from './support/processes.js';
import { startServe } from './support/serve.js';

/**
 * docs/operations.md, "How a build stays safe, and why": `serve --watch` survives a symbolic
 * link loop without a log flood and stops on the first SIGTERM; `serve` streams large files;
 * file names are printed with control characters escaped.
 */

const NOW = '2026-06-01T00:00:00Z';
const rooms: Newsroom[] = [];
const children: RunningCli[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all(rooms.splice(0).map((room) => room.remove()));
});

async function newsroom(): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeFile(
    path.join(room.root, 'presswire.config.json'),
    JSON.stringify({ site: { title: 'Serve Desk', url: 'https://serve.example/' } }),
  );
  await room.write('river.md', article({ title: 'River', published: '2026-05-01T00:00:00Z' }));
  return room;
}

describe('serve --watch', () => {
  it(
    'with a symbolic link loop in the articles folder: serves, rebuilds with a few lines, stops on the first SIGTERM',
    { timeout: 120_000 },
    async () => {
      const room = await newsroom();
      await mkdir(path.join(room.articles, 'desk'));
      // A loop, and a way up to the folder that holds out/: the build's own writes show there.
      await symlink('..', path.join(room.articles, 'desk/loop'));
      await symlink('../..', path.join(room.articles, 'desk/up'));
      const { cli, url } = await startServe(['--watch'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
      children.push(cli);
      expect((await fetch(new URL('rss.xml', url))).status).toBe(200);

      const before = cli.lines.length;
      for (let i = 0; i < 5; i++) {
        await room.write('river.md', article({ title: `River ${i}`, published: '2026-05-01T00:00:00Z' }));
        await sleep(50);
      }
      await cli.waitForLines((line) => line.event === 'build-finished', 2, 60_000);
      await sleep(3_000);
      // The rebuilds end: no build starts the next one.
      const finished = cli.lines.filter((line) => line.event === 'build-finished').length;
      expect(finished).toBeLessThanOrEqual(3);
      const changes = cli.lines.slice(before).filter((line) => line.event === 'change');
      expect(changes.length).toBeGreaterThanOrEqual(1);
      expect(changes.length).toBeLessThanOrEqual(3);

      const stoppedAt = Date.now();
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    },
  );

  it('refuses an output folder inside the articles folder (it would rebuild itself for ever)', async () => {
    const room = await newsroom();
    const result = await runCli(['serve', '--watch', '--port', '0', '--out', 'articles/public'], {
      cwd: room.root,
      env: { PRESSWIRE_NOW: NOW },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'presswire: output folder articles/public is inside the articles folder articles; presswire needs three separate folders (articles, out, state) and touched nothing\n',
    );
  });
});

describe('serve streams files', () => {
  it('a 3 MB file comes whole, with its length and a validator that gives 304; HEAD sends no body', async () => {
    const room = await newsroom();
    expect((await runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } })).code).toBe(0);
    const bytes = randomBytes(3 * 1024 * 1024);
    await mkdir(path.join(room.out, 'images'), { recursive: true });
    await writeFile(path.join(room.out, 'images/big-map.jpg'), bytes);
    const { cli, url } = await startServe([], { cwd: room.root });
    children.push(cli);
    const target = new URL('images/big-map.jpg', url);
    const response = await fetch(target);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"f[0-9a-z]+-[0-9a-z]+-[0-9a-z]+"$/);
    expect((await fetch(target, { headers: { 'If-None-Match': etag! } })).status).toBe(304);
    const head = await fetch(target, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('file names cannot forge a line', () => {
  it('a newline and an ANSI escape in a file name are printed escaped', async () => {
    const room = await newsroom();
    await room.write('bad\nerror: all good\u001b[2J.md', '---\ntitle: [unclosed\n---\nBody\n');
    const result = await runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines.some((line) => line.startsWith('error: all good'))).toBe(false);
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toContain('error: articles/bad\\nerror: all good\\x1b[2J.md');
  });
});
