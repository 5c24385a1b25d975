import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on first use, synchronously, through its CommonJS entry point (or, for
 * an ES-module-only package, Node's require(esm), on by default since Node 20.19). For
 * packages many builds never need (a no-op rebuild serializes no feed and draws no progress
 * bar): start-up is part of the cost of a rebuild that runs every few minutes.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
