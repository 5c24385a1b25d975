import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { etagOf, httpDate, isNotModified } from './conditional.js';
import { contentTypeOf, JSON_FEED_TYPE } from './content-type.js';
import { responseType } from './negotiate.js';
import { resolveRequestPath } from './request-path.js';

/**
 * The preview server: out/ over HTTP on loopback, read-only, with the headers a
 * real host would send. node:http and a few pure helpers rather than a framework: the
 * whole job is one GET/HEAD handler, and each rule it follows is tested on its own.
 */

/** Loopback only: the preview shows unpublished work (embargoed articles never get here, drafts neither, but the intent is local). */
export const HOST = '127.0.0.1';

export interface PreviewServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  close(): Promise<void>;
}

export interface PreviewServerOptions {
  outDir: string;
  /** 0 picks a free port. */
  port: number;
  /** A request failed for a reason other than the client's (an I/O error): report it, keep serving. */
  onError(message: string): void;
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const root = await realpath(options.outDir);
  const server = http.createServer((request, response) => {
    handle(root, request, response).catch((error: unknown) => {
      options.onError(`${request.method} ${request.url}: ${(error as Error).message}`);
      if (!response.headersSent) send(response, 500, 'Internal Server Error', request.method === 'HEAD');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new UsageError(
            `port ${options.port} on ${HOST} is in use; choose another with --port N (0 picks a free one)`,
          ),
        );
      else if (error.code === 'EACCES')
        reject(new UsageError(`port ${options.port} on ${HOST} needs privileges; choose one above 1023 with --port N`));
      else reject(error);
    });
    server.listen(options.port, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo; // listening on a TCP address, never a pipe
  return {
    url: `http://${HOST}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(root: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const head = request.method === 'HEAD';
  if (request.method !== 'GET' && !head) {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'Method Not Allowed', false);
  }
  const found = await findFile(root, request.url ?? '/');
  if (found.kind === 'redirect') {
    response.setHeader('Location', found.location);
    return send(response, 301, 'Moved Permanently', head);
  }
  if (found.kind === 'refused') return send(response, found.status, found.message, head);
  const { real } = found;

  // One open file for the bytes and the mtime, so that they belong together even while a
  // build replaces the file (it renames a new file into place; we keep reading the old one).
  // Small files (feeds, pages) are read whole, for a content ETag; larger ones (renditions)
  // are streamed from the open file, so a hundred slow clients of a 20 MB image hold
  // kilobytes each, not the file.
  const handleOfFile = await open(real, 'r');
  let body: FileBody;
  try {
    body = await readBody(handleOfFile, path.basename(real));
  } catch (error) {
    await handleOfFile.close();
    throw error;
  }
  const { mtimeMs } = body;
  if (body.kind === 'whole') await handleOfFile.close();
  const closeUnsent = async () => {
    if (body.kind === 'stream') await handleOfFile.close();
  };

  const { type, variant, negotiated } = responseType(body.type, request.headers.accept);
  const etag = body.kind === 'whole' ? etagOf(body.bytes, variant) : body.etag(variant);
  response.setHeader('ETag', etag);
  response.setHeader('Last-Modified', httpDate(mtimeMs));
  // A preview: always revalidate (cheap, thanks to the validators), never serve a stale feed.
  response.setHeader('Cache-Control', 'no-cache');
  if (negotiated) response.setHeader('Vary', 'Accept');
  const conditional = {
    ...(request.headers['if-none-match'] === undefined ? {} : { ifNoneMatch: request.headers['if-none-match'] }),
    ...(request.headers['if-modified-since'] === undefined
      ? {}
      : { ifModifiedSince: request.headers['if-modified-since'] }),
  };
  if (isNotModified(conditional, etag, mtimeMs)) {
    await closeUnsent();
    response.writeHead(304);
    response.end();
    return;
  }
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(body.size),
    'X-Content-Type-Options': 'nosniff',
  });
  if (body.kind === 'whole' || head) {
    await closeUnsent();
    response.end(head || body.kind !== 'whole' ? undefined : body.bytes);
    return;
  }
  // The stream closes the file when it ends or when the client goes away.
  const stream = handleOfFile.createReadStream({ start: 0, end: Math.max(0, body.size - 1), autoClose: true });
  response.on('close', () => stream.destroy());
  stream.on('error', () => response.destroy());
  if (body.size === 0) {
    stream.destroy();
    response.end();
  } else stream.pipe(response);
}

type FoundFile =
  | { kind: 'file'; real: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'refused'; status: number; message: string };

/** The file a request URL names inside out/ (a folder's index.html), a redirect to the folder's URL, or why not. */
async function findFile(root: string, url: string): Promise<FoundFile> {
  const target = resolveRequestPath(url);
  if (!target.ok)
    return { kind: 'refused', status: target.status, message: `${STATUS[target.status]}: ${target.reason}` };

  let file = path.join(root, ...target.segments);
  let stats = await stat(file).catch(() => undefined);
  if (stats?.isDirectory()) {
    if (!target.folder) {
      // "/sections/asia" → "/sections/asia/", so that the index page's relative links resolve.
      const [pathPart = '/', query] = url.split(/\?(.*)/s, 2);
      return { kind: 'redirect', location: `${pathPart}/${query === undefined ? '' : `?${query}`}` };
    }
    file = path.join(file, 'index.html');
    stats = await stat(file).catch(() => undefined);
  }
  if (!stats?.isFile()) return { kind: 'refused', status: 404, message: 'Not Found' };

  // A symlink may lead out of out/: judge where it really goes.
  const real = await realpath(file);
  if (real !== root && !real.startsWith(root + path.sep))
    return { kind: 'refused', status: 403, message: 'Forbidden: outside the output folder' };
  return { kind: 'file', real };
}

/** Files up to this size are read whole (a content hash for the ETag); larger ones are streamed. */
const WHOLE_FILE_LIMIT = 1024 * 1024;

type FileBody = { type: string; size: number; mtimeMs: number } & (
  { kind: 'whole'; bytes: Buffer } | { kind: 'stream'; etag(variant?: string): string }
);

async function readBody(handleOfFile: FileHandle, name: string): Promise<FileBody> {
  const info = await handleOfFile.stat();
  if (info.size <= WHOLE_FILE_LIMIT) {
    const bytes = await handleOfFile.readFile();
    return { kind: 'whole', bytes, type: contentTypeOf(name, bytes), size: bytes.length, mtimeMs: info.mtimeMs };
  }
  const head = Buffer.alloc(4096);
  const { bytesRead } = await handleOfFile.read(head, 0, head.length, 0);
  const sniffed = head.subarray(0, bytesRead);
  const type = name.toLowerCase().endsWith('.json')
    ? /^\s*\{[\s\S]*"version"\s*:\s*"https:\/\/jsonfeed\.org\/version\//.test(sniffed.toString('utf8'))
      ? JSON_FEED_TYPE
      : contentTypeOf(name, Buffer.alloc(0))
    : contentTypeOf(name, sniffed);
  // The build never rewrites an unchanged file (SPEC §5): the same inode, size and mtime
  // mean the same bytes, so the ETag survives a rebuild as a content hash would.
  const stamp = `${info.ino.toString(36)}-${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}`;
  return {
    kind: 'stream',
    type,
    size: info.size,
    mtimeMs: info.mtimeMs,
    etag: (variant) => `"f${stamp}${variant ? `-${variant}` : ''}"`,
  };
}

const STATUS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' };

function send(response: http.ServerResponse, status: number, message: string, head: boolean): void {
  const body = `${status} ${message}\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(head ? undefined : body);
}
