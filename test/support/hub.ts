import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real WebSub hub for tests: an HTTP server on 127.0.0.1 (loopback only, on a
 * free port) that records every publish notification and answers as the test says.
 */

export interface HubRequest {
  method: string;
  contentType: string | undefined;
  /** The form fields, decoded. */
  form: Record<string, string>;
}

/** What the hub does with a request: answer with a status, or never answer. */
export type HubBehaviour = (request: HubRequest, index: number) => { status: number; delayMs?: number } | 'hang';

export interface TestHub {
  url: string;
  requests: HubRequest[];
  /** hub.url of every request, in arrival order. */
  topics(): string[];
  behave(behaviour: HubBehaviour): void;
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHub(behaviour: HubBehaviour = () => ({ status: 202 })): Promise<TestHub> {
  let current = behaviour;
  const requests: HubRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const request: HubRequest = { method: req.method ?? '', contentType: req.headers['content-type'], form };
      requests.push(request);
      for (const w of waiters.filter((w) => requests.length >= w.count)) w.resolve();
      const answer = current(request, requests.length - 1);
      if (answer === 'hang') return;
      setTimeout(() => res.writeHead(answer.status).end(), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    requests,
    topics: () => requests.map((r) => r.form['hub.url'] ?? ''),
    behave: (next) => {
      current = next;
    },
    waitFor: (count) =>
      new Promise((resolve) => {
        if (requests.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
