import http from 'node:http';
import https from 'node:https';
import { monotonicMs } from '../clock.js';
import { appendAll } from '../util/latest.js';

/**
 * WebSub publisher notifications (W3C WebSub §7), I/O.
 *
 * After a build has published, the hub is told of every feed whose bytes changed: one
 * form-encoded POST `hub.mode=publish&hub.url=<feed URL>` per feed. Nothing is sent when
 * nothing changed. A hub failure is reported and never fails the build, and it is bounded:
 *
 * - each request times out after `timeoutMs`;
 * - a network error, a time-out, a 5xx or a 429 is retried, up to `attempts` tries, waiting
 *   `backoffMs`, then twice that, and so on; any other status (a 4xx) is final for that feed;
 * - the first feed is a probe, sent alone: if the hub fails it after every try, the other
 *   feeds are not sent (a hub that is down costs one feed's retries, not one per feed);
 * - everything stops at `deadlineMs` after the start; feeds not sent by then are reported.
 *
 * The caller (run.ts) starts this after releasing the output folder's lock, so the next
 * build never waits for a hub; `presswire schedule` does not even wait for it to end.
 */

export interface WebSubSettings {
  hub: string;
  timeoutMs: number;
  attempts: number;
  backoffMs: number;
  deadlineMs: number;
}

export interface WebSubReport {
  hub: string;
  /** Feed URLs the hub accepted (2xx). */
  notified: string[];
  /** Feed URLs the hub refused or never answered for, with the last reason. */
  failed: { url: string; reason: string }[];
  /** Feed URLs not sent: the hub was down (the probe failed) or the deadline passed. */
  skipped: string[];
  /** Requests sent, retries included. */
  requests: number;
}

/** Feeds in flight at once after the probe: a hub is one server, so a handful, not hundreds. */
const CONCURRENCY = 4;

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

export async function notifyHub(settings: WebSubSettings, feedUrls: readonly string[]): Promise<WebSubReport> {
  const report: WebSubReport = { hub: settings.hub, notified: [], failed: [], skipped: [], requests: 0 };
  const topics = [...new Set(feedUrls)].sort();
  if (topics.length === 0) return report;
  const deadline = monotonicMs() + settings.deadlineMs;
  const left = () => deadline - monotonicMs();

  /** One feed with its retries; false when the hub looks down (a retryable failure on the last try). */
  const notifyOne = async (topic: string): Promise<boolean> => {
    let last: Attempt | undefined;
    for (let attempt = 1; attempt <= settings.attempts; attempt++) {
      if (attempt > 1) {
        const wait = settings.backoffMs * 2 ** (attempt - 2);
        if (wait >= left()) break;
        await sleep(wait);
      }
      const budget = Math.min(settings.timeoutMs, left());
      if (budget <= 0) break;
      report.requests += 1;
      last = await publish(settings.hub, topic, budget);
      if (last.ok) {
        report.notified.push(topic);
        return true;
      }
      if (!last.retry) break;
    }
    if (!last) {
      report.skipped.push(topic);
      return false;
    }
    if (last.ok) return true;
    report.failed.push({ url: topic, reason: last.reason });
    return !last.retry;
  };

  const [probe, ...rest] = topics as [string, ...string[]];
  if (!(await notifyOne(probe))) {
    appendAll(report.skipped, rest);
    return report;
  }
  let next = 0;
  const worker = async () => {
    while (next < rest.length) {
      const topic = rest[next++] as string;
      if (left() <= 0) report.skipped.push(topic);
      else await notifyOne(topic);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rest.length) }, worker));
  return report;
}

/** One POST to the hub; never throws. */
function publish(hub: string, topic: string, timeoutMs: number): Promise<Attempt> {
  const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString();
  const target = new URL(hub);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        // No keep-alive agent: a finished build must not be held open by an idle socket.
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'presswire (WebSub publisher)',
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        if (status >= 200 && status < 300) done({ ok: true });
        else done({ ok: false, retry: status >= 500 || status === 429, reason: `HTTP ${status}` });
        response.destroy();
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, retry: true, reason: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => done({ ok: false, retry: true, reason: error.message }));
    request.end(body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One line for the log: what happened, for the reporter. */
export function describeReport(report: WebSubReport): { ok: boolean; message: string } {
  const total = report.notified.length + report.failed.length + report.skipped.length;
  if (report.failed.length === 0 && report.skipped.length === 0) {
    return {
      ok: true,
      message: `websub: notified ${report.hub} of ${report.notified.length} changed feed${report.notified.length === 1 ? '' : 's'}`,
    };
  }
  const reasons = [...new Set(report.failed.map((f) => f.reason))].join('; ');
  return {
    ok: false,
    message:
      `websub: expected ${report.hub} to accept ${total} publish notification${total === 1 ? '' : 's'} but received ` +
      `${report.notified.length} accepted, ${report.failed.length} failed${reasons ? ` (${reasons})` : ''}, ${report.skipped.length} not sent; ` +
      `the feeds are published and subscribers will see them at their next poll`,
  };
}

/** Where the outcome goes: the reporter (report/ is the only writer to stdout and stderr). */
export interface WebSubLog {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
}

/**
 * Notify the hub of `feedUrls` and log the outcome. Never throws and never affects an exit
 * code: a hub failure is a log line. Resolves within `deadlineMs` plus one request.
 */
export async function announceToHub(
  settings: WebSubSettings,
  feedUrls: readonly string[],
  log: WebSubLog,
): Promise<void> {
  if (feedUrls.length === 0) return;
  let report: WebSubReport;
  try {
    report = await notifyHub(settings, feedUrls);
  } catch (error) {
    log.warn(`websub: could not notify ${settings.hub}: ${(error as Error).message}`, { event: 'websub' });
    return;
  }
  const { ok, message } = describeReport(report);
  const detail = {
    event: 'websub',
    hub: report.hub,
    notified: report.notified.length,
    failed: report.failed.length,
    notSent: report.skipped.length,
    requests: report.requests,
  };
  if (ok) log.info(message, detail);
  else log.warn(message, detail);
}
