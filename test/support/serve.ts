import http from 'node:http';
import { startCli, type RunningCli } from './processes.js';

/** `presswire serve … --json --port 0` as a child process, and the URL it serves on once it listens. */
export async function startServe(
  args: readonly string[],
  options: Parameters<typeof startCli>[1],
): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(['serve', '--json', '--port', '0', ...args], options);
  try {
    const line = await cli.waitForLine((l) => l.event === 'serving', 60_000);
    return { cli, url: String(line.url) };
  } catch (error) {
    await cli.kill();
    throw error;
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A GET with the request target sent exactly as given. fetch() cannot test traversal:
 * WHATWG URL parsing resolves "/../" and "/%2e%2e/" before the request leaves.
 */
export function rawGet(url: string, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, path: target, method: 'GET', headers, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}
