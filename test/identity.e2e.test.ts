import { copyFile, cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';

/**
 * No borrowed identity (SPEC §2, docs/configuration.md, "No borrowed identity"): the site's
 * title and URL must come from the newsroom's own config; what is left out is derived from
 * them, never taken from the example newsroom.
 */

const NOW = '2026-11-28T00:00:00Z';
const STARTER = 'run "presswire init" for a starter presswire.config.json and article';
let room: Newsroom;

beforeEach(async () => {
  room = await makeNewsroom();
  await room.write('first.md', article({ title: 'First Dispatch', published: '2026-10-01T08:00:00Z' }));
});
afterEach(() => room.remove());

async function allFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const name of names) if ((await stat(path.join(dir, name))).isFile()) files.push(path.join(dir, name));
  return files;
}

describe('a newsroom without its own identity', () => {
  it.each(['build', 'check', 'schedule', 'serve'])(
    '%s without a config stops with exit 2 and one line',
    async (command) => {
      await rm(room.config);
      const result = await runCli([command, '--port', '0'].slice(0, command === 'serve' ? 3 : 1), { cwd: room.root });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `presswire: presswire.config.json: no config file here: expected one with site.title and site.url (or pass --config FILE); ${STARTER}\n`,
      );
      await expect(stat(room.out)).rejects.toThrow();
    },
  );

  it.each([
    [{ site: { title: 'Harbour Post' } }, 'site.url must be set'],
    [{ site: { url: 'https://harbour.example/' } }, 'site.title must be set'],
    [{ site: { title: '', url: null } }, 'site.title and site.url must be set'],
    [{ feeds: { limit: 5 } }, 'site.title and site.url must be set'],
  ])('a config %j stops with exit 2 naming the keys to set', async (config, expected) => {
    await writeFile(room.config, JSON.stringify(config));
    const result = await runCli(['build'], { cwd: room.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `presswire: presswire.config.json: ${expected} (the site's identity has no default); ${STARTER}\n`,
    );
  });

  it('PRESSWIRE_SITE_URL stands in for site.url, but not for site.title', async () => {
    await writeFile(room.config, JSON.stringify({ site: {} }));
    const result = await runCli(['check'], { cwd: room.root, env: { PRESSWIRE_SITE_URL: 'https://harbour.example/' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `presswire: presswire.config.json: site.title must be set (the site's identity has no default); ${STARTER}\n`,
    );
  });
});

describe('a newsroom with only site.title and site.url', () => {
  it('derives description, copyright and author from them, and nothing names the example newsroom', async () => {
    await writeFile(room.config, JSON.stringify({ site: { title: 'Harbour Post', url: 'https://harbour.example/' } }));
    const result = await runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(await room.read('feed.json')) as Record<string, unknown>;
    expect(json.title).toBe('Harbour Post');
    expect(json.description).toBe('Latest articles from Harbour Post.');
    expect(json.authors).toEqual([{ name: 'Harbour Post', url: 'https://harbour.example/' }]);
    const rss = await room.read('rss.xml');
    expect(rss).toContain('<copyright>© Harbour Post</copyright>');
    expect(rss).toContain('<description>Latest articles from Harbour Post.</description>');
    const atom = await room.read('atom.xml');
    expect(atom).toContain('<rights type="text">© Harbour Post</rights>');
    expect(atom).toContain(
      '  <author>\n    <name>Harbour Post</name>\n    <uri>https://harbour.example/</uri>\n  </author>',
    );
    for (const file of await allFiles(room.out)) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(/northwind/i);
    }
  });
});

describe('the example newsroom', () => {
  it('builds with its own presswire.config.json (what `npm start` uses)', async () => {
    await rm(room.articles, { recursive: true });
    await cp(path.join(REPO_ROOT, 'articles'), room.articles, { recursive: true });
    await copyFile(path.join(REPO_ROOT, 'presswire.config.json'), room.config);
    await mkdir(room.out, { recursive: true });
    const result = await runCli(['build', '--quiet'], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
    expect(result.code).toBe(0);
    const json = JSON.parse(await room.read('feed.json')) as Record<string, unknown>;
    expect(json.title).toBe('Northwind Rights Monitor');
    expect(json.home_page_url).toBe('https://news.northwind-rights.example/');
  });
});
