import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, check, ConfigError, EXIT, loadConfig, PresswireError, type PresswireConfig } from '../src/index.js';
import { article, makeNewsroom, TEST_SITE, type Newsroom } from './support/newsroom.js';

/**
 * The library entry called in-process, as a program that imports presswire would: the
 * summary and its diagnostics come back as data, expected failures are thrown as typed
 * errors, and nothing is written to stdout or stderr.
 */

const env = { PRESSWIRE_NOW: '2026-11-28T00:00:00Z' };
let newsroom: Newsroom;
let printed: string[];
let restore: () => void;

beforeEach(async () => {
  newsroom = await makeNewsroom();
  await newsroom.write('good.md', article({ title: 'Good', published: '2026-05-01T00:00:00Z' }));
  printed = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const capture = (chunk: string | Uint8Array): boolean => {
    printed.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  restore = () => {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  };
});
afterEach(async () => {
  restore();
  await newsroom.remove();
});

describe('build() from code', () => {
  it('builds, returns the summary and prints nothing', async () => {
    const summary = await build({ config: newsroom.config, cwd: newsroom.root, env });
    restore();
    expect(summary).toMatchObject({ command: 'build', exitCode: EXIT.ok, outcome: 'ok', entries: 1, failed: 0 });
    expect(summary.outDir).toBe(newsroom.out);
    await access(path.join(newsroom.out, 'atom.xml'));
    expect(printed).toEqual([]);
  });

  it('returns a bad article as a diagnostic, with the exit code the CLI would have had', async () => {
    await newsroom.write('bad.md', article({ published: '2026-05-02T00:00:00Z' }));
    const summary = await build({ cwd: newsroom.root, env });
    restore();
    expect(summary).toMatchObject({ exitCode: EXIT.articleErrors, outcome: 'failed', entries: 1, failed: 1 });
    expect(summary.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', file: expect.stringContaining('bad.md'), key: 'title' }),
    ]);
    expect(printed).toEqual([]);
  });

  it('takes a config object, its paths resolved against cwd', async () => {
    const summary = await check({ config: { site: TEST_SITE }, cwd: newsroom.root, env });
    restore();
    expect(summary).toMatchObject({ command: 'check', exitCode: EXIT.ok, entries: 1, written: [] });
    await expect(access(newsroom.out)).rejects.toThrow();
    expect(printed).toEqual([]);
  });

  it('check() says which feeds a build would write: every one before the first build, none after it, those an edit moves', async () => {
    const options = { cwd: newsroom.root, env };
    const main = ['rss.xml', 'atom.xml', 'feed.json'];
    expect((await check(options)).outdated).toEqual(['archive/1.xml', ...main, 'corrections.xml', 'corrections.json']);
    await build(options);
    expect((await check(options)).outdated).toEqual([]);
    // A second article: the main feeds and its archive page move, the corrections feeds do not.
    await newsroom.write('second.md', article({ title: 'Second', published: '2026-05-02T00:00:00Z' }));
    expect((await check(options)).outdated).toEqual(['archive/1.xml', ...main]);
    restore();
    expect(printed).toEqual([]);
  });

  it('throws a ConfigError for a config without site.url, and prints nothing', async () => {
    // The types require site.url; a config read at run time (JSON) may still lack it.
    const config = JSON.parse('{ "site": { "title": "No address" } }') as PresswireConfig;
    const failure = build({ config, cwd: newsroom.root, env });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toMatchObject({
      exitCode: EXIT.config,
      message: expect.stringContaining('site.url'),
    });
    restore();
    expect(printed).toEqual([]);
  });

  it('prints what the CLI prints when asked to', async () => {
    const lines: string[] = [];
    const sink = { write: (text: string) => lines.push(text) > 0 } as unknown as NodeJS.WritableStream;
    await build({ cwd: newsroom.root, env, report: { stdout: sink, stderr: sink } });
    restore();
    expect(lines.join('')).toMatch(/^presswire build: ok — 1 entry/);
    expect(printed).toEqual([]);
  });
});

describe('loadConfig() from code', () => {
  it('loads a file or checks an object with the same schema', async () => {
    const fromFile = await loadConfig({ config: newsroom.config, cwd: newsroom.root, env: {} });
    const fromObject = await loadConfig({ config: { site: TEST_SITE }, cwd: newsroom.root, env: {} });
    expect(fromObject.articlesDir).toBe(fromFile.articlesDir);
    expect(fromObject.outDir).toBe(newsroom.out);
    await expect(
      loadConfig({ config: JSON.parse('{ "site": {}, "unknownKey": 1 }') as PresswireConfig, env: {} }),
    ).rejects.toBeInstanceOf(PresswireError);
  });
});
