import { readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeNewsroom, type Newsroom } from './support/newsroom.js';
import { pollUntil, type RunningCli } from './support/processes.js';
import { rawGet, startServe } from './support/serve.js';

/**
 * `presswire serve` through the real CLI, asked by a real HTTP client (fetch, and
 * node:http where the request target must reach the server unnormalized).
 */

const NOW = '2026-11-28T00:00:00Z';
// What Chromium sends when it navigates to a page.
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const SECRET = 'TOP SECRET: the source of the Tern Point story';

describe('presswire serve on a built newsroom', () => {
  let newsroom: Newsroom;
  let cli: RunningCli;
  let url: string;

  beforeAll(async () => {
    newsroom = await makeNewsroom({ copyExample: true });
    const built = await runCli(['build', '--out', newsroom.out], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    // Files a host might hold next to out/, and ways out of out/ that must stay closed.
    await writeFile(path.join(newsroom.root, 'secret.txt'), SECRET);
    await symlink(path.join(newsroom.root, 'secret.txt'), path.join(newsroom.out, 'leak.txt'));
    await symlink(newsroom.root, path.join(newsroom.out, 'leakdir'));
    await symlink(path.join(newsroom.out, 'rss.xml'), path.join(newsroom.out, 'alias.xml'));
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#9b1c1c' } })
      .avif()
      .toFile(path.join(newsroom.out, 'images', 'probe.avif'));
    ({ cli, url } = await startServe(['--out', newsroom.out], { cwd: newsroom.root }));
  });

  afterAll(async () => {
    await cli?.kill();
    await newsroom?.remove();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // Bound to 127.0.0.1, not to every address: another loopback address is refused.
    const port = Number(new URL(url).port);
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = net.connect({ host: '127.0.0.2', port }, () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.on('error', resolve);
    });
    expect(error?.code).toBe('ECONNREFUSED');
  });

  it('serves every kind of file in out/ with its content type and its exact bytes', async () => {
    const images = await readdir(path.join(newsroom.out, 'images'));
    const jpeg = images.find((name) => name.endsWith('.jpg'));
    const webp = images.find((name) => name.endsWith('.webp'));
    expect(jpeg).toBeDefined();
    expect(webp).toBeDefined();
    const cases: [string, string][] = [
      ['rss.xml', 'application/rss+xml; charset=utf-8'],
      ['atom.xml', 'application/atom+xml; charset=utf-8'],
      ['feed.json', 'application/feed+json'],
      ['index.html', 'text/html; charset=utf-8'],
      ['feed.xsl', 'application/xslt+xml; charset=utf-8'],
      ['feed.css', 'text/css; charset=utf-8'],
      [`images/${jpeg}`, 'image/jpeg'],
      [`images/${webp}`, 'image/webp'],
      ['images/probe.avif', 'image/avif'],
    ];
    for (const [name, type] of cases) {
      const response = await fetch(new URL(name, url));
      expect({ name, status: response.status, type: response.headers.get('content-type') }).toEqual({
        name,
        status: 200,
        type,
      });
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(path.join(newsroom.out, name)))).toBe(
        true,
      );
    }
    const root = await fetch(url);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await root.text()).toBe(await newsroom.read('index.html'));
  });

  it('answers a conditional GET with 304 Not Modified: first 200 with ETag and Last-Modified, then 304', async () => {
    const feedUrl = new URL('atom.xml', url);
    const first = await fetch(feedUrl);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    const lastModified = first.headers.get('last-modified');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const mtime = (await stat(path.join(newsroom.out, 'atom.xml'))).mtimeMs;
    expect(lastModified).toBe(new Date(Math.floor(mtime / 1000) * 1000).toUTCString());
    expect(await first.text()).toBe(await newsroom.read('atom.xml'));

    const again = await fetch(feedUrl, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const sinceSame = await fetch(feedUrl, { headers: { 'If-Modified-Since': lastModified! } });
    expect(sinceSame.status).toBe(304);
    const sinceEarlier = await fetch(feedUrl, {
      headers: { 'If-Modified-Since': new Date(mtime - 3_600_000).toUTCString() },
    });
    expect(sinceEarlier.status).toBe(200);
    const otherTag = await fetch(feedUrl, { headers: { 'If-None-Match': '"something-else"' } });
    expect(otherTag.status).toBe(200);

    // An image too: partners fetch renditions with the same validators.
    const image = (await readdir(path.join(newsroom.out, 'images'))).find((name) => name.endsWith('.jpg'))!;
    const imageFirst = await fetch(new URL(`images/${image}`, url));
    const imageAgain = await fetch(new URL(`images/${image}`, url), {
      headers: { 'If-None-Match': imageFirst.headers.get('etag')! },
    });
    expect([imageFirst.status, imageAgain.status]).toEqual([200, 304]);
  });

  it('keeps the ETag of a file that a rebuild left unchanged', async () => {
    const before = (await fetch(new URL('rss.xml', url))).headers.get('etag');
    const rebuilt = await runCli(['build', '--out', newsroom.out], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
    expect(rebuilt.code).toBe(0);
    const after = await fetch(new URL('rss.xml', url), { headers: { 'If-None-Match': before! } });
    expect(after.status).toBe(304);
  });

  it('gives a browser the feeds as application/xml, so that it runs their stylesheet; same bytes, own ETag, Vary: Accept', async () => {
    for (const name of ['rss.xml', 'atom.xml']) {
      const reader = await fetch(new URL(name, url));
      const browser = await fetch(new URL(name, url), { headers: { Accept: BROWSER_ACCEPT } });
      expect(browser.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(browser.headers.get('vary')).toBe('Accept');
      expect(reader.headers.get('vary')).toBe('Accept');
      expect(browser.headers.get('etag')).not.toBe(reader.headers.get('etag'));
      expect(await browser.text()).toBe(await reader.text());
      const browserAgain = await fetch(new URL(name, url), {
        headers: { Accept: BROWSER_ACCEPT, 'If-None-Match': browser.headers.get('etag')! },
      });
      expect(browserAgain.status).toBe(304);
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(new URL('feed.json', url), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/feed+json');
    expect(response.headers.get('content-length')).toBe(
      String((await stat(path.join(newsroom.out, 'feed.json'))).size),
    );
    expect(await response.text()).toBe('');
  });

  it.each([
    ['/../secret.txt', 403],
    ['/images/../../secret.txt', 403],
    ['/%2e%2e/secret.txt', 403],
    ['/%2E%2E/%2e%2e/%2e%2e/etc/passwd', 403],
    ['/..%2fsecret.txt', 403],
    ['/images%2f..%2f..%2fsecret.txt', 403],
    ['/..%5csecret.txt', 403],
    ['//etc/passwd', 403],
    ['/leak.txt', 403], // a symlink to a file outside out/
    ['/leakdir/secret.txt', 403], // a symlink to a folder outside out/
    ['/rss.xml%00.jpg', 403],
    ['/nothing-here.xml', 404],
    ['/images/', 404],
  ])('refuses %s with %i and never sends what lies outside out/', async (target, status) => {
    const response = await rawGet(url, target);
    expect(response.status).toBe(status);
    expect(response.body).not.toContain('TOP SECRET');
    expect(response.body).not.toContain('root:');
  });

  it('follows a symlink that stays inside out/', async () => {
    const response = await fetch(new URL('alias.xml', url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await newsroom.read('rss.xml'));
  });

  it('refuses other methods with 405 and says which are allowed', async () => {
    const response = await fetch(new URL('rss.xml', url), { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.lines.map((line) => line.event)).toContain('stopped');
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('presswire serve --watch', () => {
  let newsroom: Newsroom;
  let cli: RunningCli;
  let url: string;

  beforeAll(async () => {
    newsroom = await makeNewsroom({ copyExample: true });
    // No build beforehand: --watch builds first.
    ({ cli, url } = await startServe(['--watch', '--out', newsroom.out], {
      cwd: newsroom.root,
      env: { PRESSWIRE_NOW: NOW },
    }));
  });

  afterAll(async () => {
    await cli?.kill();
    await newsroom?.remove();
  });

  it('builds before it serves, through the same run as `presswire build`', async () => {
    expect(cli.lines.find((line) => line.event === 'build-finished')).toMatchObject({ outcome: 'ok', entries: 6 });
    const response = await fetch(new URL('atom.xml', url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await newsroom.read('atom.xml'));
  });

  it('rebuilds when an article changes, and the feed then carries the change with a new ETag', async () => {
    const first = await fetch(new URL('atom.xml', url));
    const etag = first.headers.get('etag')!;
    const file = path.join(newsroom.articles, '2019', 'river-district-evictions.md');
    const source = await readFile(file, 'utf8');
    const correction = 'An earlier version of this dispatch gave the wrong date for the demolitions.';
    await writeFile(
      file,
      source.replace(
        /^published: (.*)$/m,
        `published: $1\ncorrections:\n  - date: 2026-11-20T09:00:00Z\n    text: ${correction}`,
      ),
    );

    let body = '';
    await pollUntil(
      async () => {
        const response = await fetch(new URL('atom.xml', url), { headers: { 'If-None-Match': etag } });
        if (response.status !== 200) return false;
        body = await response.text();
        return body.includes(correction);
      },
      45_000,
      'the rebuilt atom.xml',
    );
    // One edit, one line: the file-system events of one save are gathered into one rebuild.
    expect(cli.lines.filter((line) => line.event === 'change')).toEqual([
      expect.objectContaining({
        file: path.join('articles', '2019', 'river-district-evictions.md'),
        files: [path.join('articles', '2019', 'river-district-evictions.md')],
        message: `presswire serve: ${path.join('articles', '2019', 'river-district-evictions.md')} changed; rebuilding`,
      }),
    ]);
    // The feeds are published before the run prints its summary line.
    await cli.waitForLines((line) => line.event === 'build-finished', 2);
    // The index's latest corrections follow too.
    expect(await (await fetch(new URL('index.html', url))).text()).toContain(correction);
  });

  it('holds the output folder lock only while it builds: a build beside it succeeds', async () => {
    const result = await runCli(['build', '--out', newsroom.out], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
    expect(result.code).toBe(0);
  });

  it('stops on SIGINT with exit code 0', async () => {
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});

describe('presswire serve refuses to start', () => {
  let newsroom: Newsroom;
  beforeAll(async () => {
    newsroom = await makeNewsroom();
  });
  afterAll(async () => {
    await newsroom?.remove();
  });

  it('when there is nothing to serve', async () => {
    const result = await runCli(['serve', '--out', 'never-built', '--port', '0'], { cwd: newsroom.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to serve: never-built/ does not exist; run `presswire build` first');
  });

  it.each(['abc', '-1', '65536', '80.5'])('with --port %s', async (port) => {
    const result = await runCli(['serve', '--out', '.', `--port=${port}`], { cwd: newsroom.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--port: expected an integer from 0 to 65535 but received "${port}"`);
  });

  it('when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const result = await runCli(['serve', '--out', '.', '--port', String(port)], { cwd: newsroom.root });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use; choose another with --port N`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('presswire serve --watch on a machine with no watch left', () => {
  it('says so, with the limit to raise, and serves what it built all the same', async () => {
    const newsroom = await makeNewsroom({ copyExample: true });
    // Room for one inotify watch: the articles folder takes it, its first sub-folder finds none.
    const { cli, url } = await startServe(['--watch', '--out', newsroom.out], {
      cwd: newsroom.root,
      env: { PRESSWIRE_NOW: NOW },
      inotifyWatchLimit: 1,
    });
    try {
      expect(cli.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual([
        "stopped watching articles/ (the system's limit on file watches is reached (fs.inotify.max_user_watches; " +
          'presswire holds one per folder): raise it, e.g. `sysctl fs.inotify.max_user_watches=524288`); ' +
          'restart presswire serve to watch again',
      ]);
      expect(cli.lines.filter((line) => line.event === 'watching')).toEqual([]);
      const response = await fetch(new URL('atom.xml', url));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(await newsroom.read('atom.xml'));
    } finally {
      await cli.kill();
      await newsroom.remove();
    }
  });
});
