import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from './noop-fingerprint.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'presswire-fingerprint-'));
  await mkdir(path.join(root, 'articles/2026'), { recursive: true });
  await writeFile(path.join(root, 'articles/2026/court.md'), 'A paragraph of the dispatch.\n');
  await writeFile(path.join(root, 'articles/status.json'), '{}');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const articles = () => [{ label: 'articles', folder: path.join(root, 'articles') }];
const digest = (excluded: string[] = [], files: string[] = []) =>
  fingerprint(articles(), files, new Set(excluded)).digest;

describe('fingerprint', () => {
  it('is the same for the same files, and counts them', () => {
    expect(digest()).toBe(digest());
    expect(fingerprint(articles(), [], new Set()).files).toBe(2);
  });

  it('changes when a file is edited with its size and mtime put back (its ctime moved)', async () => {
    const file = path.join(root, 'articles/2026/court.md');
    const before = digest();
    const stats = await stat(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(file, 'A paragraph of the judgment.\n');
    await utimes(file, stats.atime, stats.mtime);
    expect((await stat(file)).size).toBe(stats.size);
    expect(digest()).not.toBe(before);
  });

  it('changes when a file is added or deleted, and when a single watched file appears', async () => {
    const before = digest();
    await writeFile(path.join(root, 'articles/2026/new.md'), 'x');
    const added = digest();
    expect(added).not.toBe(before);
    await rm(path.join(root, 'articles/2026/new.md'));
    expect(digest()).toBe(before);
    const authors = path.join(root, 'authors.json');
    const without = digest([], [authors]);
    await writeFile(authors, '{}');
    expect(digest([], [authors])).not.toBe(without);
  });

  it('skips excluded files and folders whole', async () => {
    const status = path.join(root, 'articles/status.json');
    const lock = path.join(root, 'articles/out.lock');
    await mkdir(lock);
    const before = digest([status, lock]);
    await writeFile(status, '{"running":true}');
    await writeFile(path.join(lock, 'x'), 'y');
    expect(digest([status, lock])).toBe(before);
  });

  it('tells a missing folder from an empty one', async () => {
    const empty = path.join(root, 'empty');
    const missing = fingerprint([{ label: 'static', folder: empty }], [], new Set()).digest;
    await mkdir(empty);
    expect(fingerprint([{ label: 'static', folder: empty }], [], new Set()).digest).not.toBe(missing);
  });

  it('records the latest change time it saw', async () => {
    const { newestChangeMs } = fingerprint(articles(), [], new Set());
    const stats = await stat(path.join(root, 'articles/status.json'));
    expect(newestChangeMs).toBeGreaterThanOrEqual(stats.ctimeMs);
  });
});
