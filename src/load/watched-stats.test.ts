import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchedStats, type FileStat } from './watched-stats.js';

/** A folder of files whose stats are counted as they are taken. */
function folder(names: string[]) {
  const root = path.join(path.sep, 'news');
  const files = names.map((name) => path.join(root, name));
  const sizes = new Map(files.map((file) => [file, 100]));
  const statted: string[] = [];
  const stat = (file: string): FileStat | undefined => {
    statted.push(file);
    const size = sizes.get(file);
    return size === undefined ? undefined : { size, mtimeMs: 1 };
  };
  const take = (watched: WatchedStats) => {
    statted.length = 0;
    const stats = watched.statAll(files, stat);
    return { stats, statted: statted.map((file) => path.relative(root, file)) };
  };
  return { root, files, sizes, take };
}

describe('WatchedStats: which files a build started by a saved change stats', () => {
  it('stats every file while nothing watches, however often it is asked', () => {
    const news = folder(['a.md', 'b.md', 'c.md']);
    const watched = new WatchedStats();
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md', 'c.md']);
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md', 'c.md']);
  });

  it('once watching, stats only the files the watcher reported, and gives the others as last taken', () => {
    const news = folder(['a.md', 'b.md', 'c.md']);
    const watched = new WatchedStats();
    watched.watchStarted();
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md', 'c.md']);
    news.sizes.set(path.join(news.root, 'b.md'), 250);
    watched.sawChange(path.join(news.root, 'b.md'));
    const next = news.take(watched);
    expect(next.statted).toEqual(['b.md']);
    expect(next.stats).toEqual([
      { size: 100, mtimeMs: 1 },
      { size: 250, mtimeMs: 1 },
      { size: 100, mtimeMs: 1 },
    ]);
    expect(news.take(watched).statted).toEqual([]);
  });

  it('stats every file below a folder the watcher reported (a folder renamed into place)', () => {
    const news = folder(['2025/a.md', '2026/b.md', '2026/c.md']);
    const watched = new WatchedStats();
    watched.watchStarted();
    news.take(watched);
    watched.sawChange(path.join(news.root, '2026'));
    expect(news.take(watched).statted).toEqual(['2026/b.md', '2026/c.md']);
  });

  it('stats every file again after an event without a name, a failed watch, or a cron slot', () => {
    const news = folder(['a.md', 'b.md']);
    const watched = new WatchedStats();
    watched.watchStarted();
    news.take(watched);
    watched.sawChange(undefined);
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md']);
    watched.checkAll();
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md']);
    expect(news.take(watched).statted).toEqual([]);
    watched.watchEnded();
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md']);
    expect(news.take(watched).statted).toEqual(['a.md', 'b.md']);
  });

  it('stats a file it has no stat of (new since, or vanished last time)', () => {
    const news = folder(['a.md', 'b.md']);
    const watched = new WatchedStats();
    watched.watchStarted();
    news.sizes.delete(path.join(news.root, 'b.md'));
    expect(news.take(watched).stats).toEqual([{ size: 100, mtimeMs: 1 }, undefined]);
    news.sizes.set(path.join(news.root, 'b.md'), 80);
    expect(news.take(watched)).toEqual({
      stats: [
        { size: 100, mtimeMs: 1 },
        { size: 80, mtimeMs: 1 },
      ],
      statted: ['b.md'],
    });
  });

  it('keeps an event that arrives while a build takes its stats for the next build', () => {
    const news = folder(['a.md', 'b.md']);
    const watched = new WatchedStats();
    watched.watchStarted();
    news.take(watched);
    watched.sawChange(path.join(news.root, 'b.md'));
    // The event for a.md comes in while this build stats b.md (after it took the list of changes).
    const late = path.join(news.root, 'a.md');
    watched.statAll(news.files, (file) => {
      watched.sawChange(late);
      return { size: 100, mtimeMs: file.length };
    });
    expect(news.take(watched).statted).toEqual(['a.md']);
  });
});
