import { hash } from 'node:crypto';

/**
 * The digest a published file is recorded by (published-files.ts). A module of its own so
 * that the feed threads, which hash the feeds they make (workers/feed-worker.ts), load
 * nothing else of publishing.
 */
export function sha256Of(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

/** A file's bytes with their sha256Of, worked out where the bytes were made. */
export interface HashedBytes {
  bytes: Uint8Array;
  sha256: string;
}
