import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { checkAtomRfc4287, checkJsonFeed11, parseWithFeedparser } from './support/validators.js';

/**
 * `presswire init && presswire build` in an empty folder is a working first use (the README
 * section "Quick start", "Your own newsroom"); init never overwrites.
 */

const NOW = '2026-11-28T09:15:42.123Z';
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'presswire-init-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('presswire init', () => {
  it('writes a commented starter config and one article, and the first build publishes it', async () => {
    const init = await runCli(['init'], { cwd: folder, env: { PRESSWIRE_NOW: NOW } });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(
      [
        'presswire init: wrote presswire.config.json',
        'presswire init: wrote articles/welcome.md',
        'presswire init: next, set site.title and site.url in presswire.config.json, then run "presswire build" (feeds go to out/)',
        '',
      ].join('\n'),
    );
    const config = await readFile(path.join(folder, 'presswire.config.json'), 'utf8');
    expect(config).toContain(
      '// Required: your newsroom\'s name, the title of every feed.\n    "title": "My Newsroom",',
    );
    const welcome = await readFile(path.join(folder, 'articles/welcome.md'), 'utf8');
    expect(welcome).toContain('published: 2026-11-28T09:15:42Z\n');

    const build = await runCli(['build'], { cwd: folder, env: { PRESSWIRE_NOW: NOW } });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const out = path.join(folder, 'out');
    const json = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as {
      title: string;
      description: string;
      items: { id: string; url: string; title: string; date_published: string }[];
    };
    expect(json.title).toBe('My Newsroom');
    expect(json.description).toBe('News and corrections from My Newsroom.');
    expect(json.items).toEqual([
      expect.objectContaining({
        id: 'tag:news.example.com,2026-11-28:welcome',
        url: 'https://news.example.com/news/2026/11/welcome/',
        title: 'Welcome to your newsroom',
        date_published: '2026-11-28T09:15:42Z',
      }),
    ]);
    expect(await checkJsonFeed11(path.join(out, 'feed.json'))).toEqual({ ok: true, errors: [] });
    expect(await checkAtomRfc4287(path.join(out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
    const rss = await parseWithFeedparser(path.join(out, 'rss.xml'));
    expect(rss.bozo).toBe(false);
    expect(rss.entries.map((e) => e.title)).toEqual(['Welcome to your newsroom']);
  });

  it('refuses to overwrite: with either file present it writes nothing and exits 2', async () => {
    await writeFile(path.join(folder, 'presswire.config.json'), '{"site": {"title": "Mine"}}');
    const result = await runCli(['init'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'presswire: init: presswire.config.json already exists; nothing was written (init never overwrites)\n',
    );
    expect(await readFile(path.join(folder, 'presswire.config.json'), 'utf8')).toBe('{"site": {"title": "Mine"}}');
    await expect(readFile(path.join(folder, 'articles/welcome.md'))).rejects.toThrow();
  });
});
