// Worker-thread entry point for piscina: a batch of articles, one after another (see tasks.ts).
import type { PrepareBatch, PrepareOutcome } from './prepare-task.js';
import { runPrepareBatch } from './tasks.js';

export default function handle(batch: PrepareBatch): PrepareOutcome[] {
  return runPrepareBatch(batch);
}
