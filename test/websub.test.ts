import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from './support/hub.js';
import { describeReport, notifyHub, type WebSubSettings } from '../src/publish/websub.js';

/** Against a real HTTP hub on 127.0.0.1 (no mocks). */

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub.close());

const settings = (overrides: Partial<WebSubSettings> = {}): WebSubSettings => ({
  hub: hub.url,
  timeoutMs: 1000,
  attempts: 3,
  backoffMs: 10,
  deadlineMs: 5000,
  ...overrides,
});
const feeds = [
  'https://news.example.org/rss.xml',
  'https://news.example.org/atom.xml',
  'https://news.example.org/feed.json',
];

function reset(behaviour: Parameters<TestHub['behave']>[0]) {
  hub.requests.length = 0;
  hub.behave(behaviour);
}

describe('notifyHub', () => {
  it('sends one form-encoded hub.mode=publish POST per feed', async () => {
    reset(() => ({ status: 204 }));
    const report = await notifyHub(settings(), feeds);
    expect(hub.requests.map((r) => [r.method, r.contentType, r.form['hub.mode']])).toEqual(
      Array(3).fill(['POST', 'application/x-www-form-urlencoded', 'publish']),
    );
    expect(hub.topics().sort()).toEqual([...feeds].sort());
    expect(report).toMatchObject({ notified: [...feeds].sort(), failed: [], skipped: [], requests: 3 });
    expect(describeReport(report)).toEqual({ ok: true, message: `websub: notified ${hub.url} of 3 changed feeds` });
  });

  it('sends nothing when nothing changed', async () => {
    reset(() => ({ status: 204 }));
    expect(await notifyHub(settings(), [])).toMatchObject({ notified: [], requests: 0 });
    expect(hub.requests).toHaveLength(0);
  });

  it('retries a 5xx with backoff and succeeds', async () => {
    reset((_, i) => ({ status: i === 0 ? 503 : 202 }));
    const report = await notifyHub(settings(), feeds.slice(0, 1));
    expect(report).toMatchObject({ notified: feeds.slice(0, 1), requests: 2 });
  });

  it('gives up on a hub that keeps answering 500 after the probe’s tries, without sending the other feeds', async () => {
    reset(() => ({ status: 500 }));
    const report = await notifyHub(settings({ attempts: 3 }), feeds);
    expect(hub.requests).toHaveLength(3);
    expect(report.failed).toEqual([{ url: 'https://news.example.org/atom.xml', reason: 'HTTP 500' }]);
    expect(report.skipped).toEqual(['https://news.example.org/feed.json', 'https://news.example.org/rss.xml']);
    expect(describeReport(report).ok).toBe(false);
    expect(describeReport(report).message).toContain('0 accepted, 1 failed (HTTP 500), 2 not sent');
  });

  it('does not retry a 4xx, and goes on with the other feeds', async () => {
    reset((request) => ({ status: request.form['hub.url']?.endsWith('atom.xml') ? 400 : 202 }));
    const report = await notifyHub(settings(), feeds);
    expect(report.requests).toBe(3);
    expect(report.failed).toEqual([{ url: 'https://news.example.org/atom.xml', reason: 'HTTP 400' }]);
    expect(report.notified).toEqual(['https://news.example.org/feed.json', 'https://news.example.org/rss.xml']);
  });

  it('bounds a hub that never answers: each try times out, and it is over in about attempts × timeout', async () => {
    reset(() => 'hang');
    const started = performance.now();
    const report = await notifyHub(settings({ timeoutMs: 150, attempts: 2, backoffMs: 10 }), feeds);
    const elapsed = performance.now() - started;
    expect(report.failed).toEqual([{ url: 'https://news.example.org/atom.xml', reason: 'no answer within 150 ms' }]);
    expect(report.skipped).toHaveLength(2);
    expect(hub.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('stops at the deadline and reports what it did not send', async () => {
    reset(() => ({ status: 202, delayMs: 120 }));
    const many = Array.from(
      { length: 20 },
      (_, i) => `https://news.example.org/sections/s${String(i).padStart(2, '0')}/atom.xml`,
    );
    const started = performance.now();
    const report = await notifyHub(settings({ deadlineMs: 400 }), many);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(report.notified.length + report.failed.length + report.skipped.length).toBe(20);
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(report.notified.length).toBeGreaterThan(0);
  });
});
