import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startHub, type TestHub } from './support/hub.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { parseWithFeedparser } from './support/validators.js';

/**
 * WebSub (docs/partner-feeds.md, "WebSub"), end to end against a real hub on 127.0.0.1
 * (test/support/hub.ts): one notification per changed feed, none on a no-op build, and a hub
 * that fails or hangs neither fails the build nor holds up the next one.
 */

const SITE = 'https://news.northwind-rights.example/';
const NOW = '2026-11-28T00:00:00Z';

let hub: TestHub;
let newsroom: Newsroom;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub.close());

beforeEach(async () => {
  hub.requests.length = 0;
  hub.behave(() => ({ status: 202 }));
  newsroom = await makeNewsroom();
  await newsroom.write(
    'asia.md',
    article({ title: 'Asia Dispatch', published: '2026-10-01T08:00:00Z', section: 'Asia' }),
  );
  await newsroom.write(
    'europe.md',
    article({ title: 'Europe Dispatch', published: '2026-10-02T08:00:00Z', section: 'Europe' }),
  );
});
afterEach(() => newsroom.remove());

const configure = (websub: Record<string, unknown>) => newsroom.writeConfig({ websub: { hub: hub.url, ...websub } });
const build = () => runCli(['build'], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
const urls = (...paths: string[]) => paths.map((p) => `${SITE}${p}`).sort();

describe('WebSub', () => {
  it('sends exactly one notification per changed feed, none on a no-op build, and only the changed ones after a correction', async () => {
    await configure({});
    const first = await build();
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toContain(`websub: notified ${hub.url} of 11 changed feeds`);
    expect(
      hub.requests.every(
        (r) =>
          r.method === 'POST' &&
          r.contentType === 'application/x-www-form-urlencoded' &&
          r.form['hub.mode'] === 'publish',
      ),
    ).toBe(true);
    expect(hub.topics().sort()).toEqual(
      urls(
        'rss.xml',
        'atom.xml',
        'feed.json',
        'sections/asia/rss.xml',
        'sections/asia/atom.xml',
        'sections/asia/feed.json',
        'sections/europe/rss.xml',
        'sections/europe/atom.xml',
        'sections/europe/feed.json',
        'corrections.xml',
        'corrections.json',
      ),
    );

    // Every feed advertises the hub beside its self link.
    const atom = await parseWithFeedparser(path.join(newsroom.out, 'sections/asia/atom.xml'));
    expect(atom.feed.links.filter((l) => l.rel === 'hub' || l.rel === 'self').map((l) => [l.rel, l.href])).toEqual([
      ['self', `${SITE}sections/asia/atom.xml`],
      ['hub', hub.url],
    ]);

    hub.requests.length = 0;
    const noop = await build();
    expect([noop.code, noop.stderr]).toEqual([0, '']);
    expect(noop.stdout).not.toContain('websub');
    expect(hub.requests).toEqual([]);

    await newsroom.write(
      'asia.md',
      article({
        title: 'Asia Dispatch',
        published: '2026-10-01T08:00:00Z',
        section: 'Asia',
        corrections: [{ date: '2026-11-27T10:00:00Z', text: 'A name was misspelt.' }],
      }),
    );
    const corrected = await build();
    expect(corrected.code).toBe(0);
    expect(hub.topics().sort()).toEqual(
      urls(
        'rss.xml',
        'atom.xml',
        'feed.json',
        'sections/asia/rss.xml',
        'sections/asia/atom.xml',
        'sections/asia/feed.json',
        'corrections.xml',
        'corrections.json',
      ),
    );
  });

  it('logs a hub that answers 500 and still exits 0, after a bounded number of tries', async () => {
    hub.behave(() => ({ status: 500 }));
    await configure({ attempts: 2, backoffMs: 50 });
    const result = await build();
    expect(result.code).toBe(0);
    // The probe is tried twice; the hub is then taken for down and the other ten are not sent.
    expect(hub.requests).toHaveLength(2);
    expect(result.stderr).toBe(
      `presswire: warning: websub: expected ${hub.url} to accept 11 publish notifications but received 0 accepted, 1 failed (HTTP 500), 10 not sent; the feeds are published and subscribers will see them at their next poll\n`,
    );
  });

  it('does not hold up the next build while a hub hangs, and gives up on it after the time-out', async () => {
    hub.behave(() => 'hang');
    await configure({ attempts: 1, timeoutMs: 10000 });
    const order: string[] = [];
    const hanging = build().then((r) => {
      order.push('first');
      return r;
    });
    await hub.waitFor(1);
    // The first build has published and released the lock; it is only waiting for the hub.
    const next = await build();
    order.push('next');
    expect([next.code, next.stderr]).toEqual([0, '']);
    const first = await hanging;
    expect(order).toEqual(['next', 'first']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('1 failed (no answer within 10000 ms), 10 not sent');
    expect(hub.requests).toHaveLength(1);
  });
});
