import type { Piscina } from 'piscina';

/**
 * A piscina pool of `threads` threads running one of the worker entry points of this folder,
 * started now, each running `tasksPerThread` tasks at once (more than one only for tasks that
 * wait, as the image thread's do on sharp). Under tsx (tests, development) the sources are
 * .ts; from dist/ they are .js. This module may be bundled into dist/chunks/ (scripts/build-dist.mjs): hence ../workers/.
 */
export async function startPool<Task, Result>(
  worker: 'article-worker' | 'feed-worker' | 'image-worker',
  threads: number,
  tasksPerThread = 1,
): Promise<Piscina<Task, Result>> {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const { Piscina: Pool } = await import('piscina');
  return new Pool<Task, Result>({
    filename: new URL(`../workers/${worker}${extension}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: tasksPerThread,
  });
}
