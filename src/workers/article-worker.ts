// Worker-thread entry point for piscina: a batch of articles, one after another (see tasks.ts).
import { runPrepareBatch, type PrepareBatch, type PrepareOutcome } from './tasks.js';

export default function handle(batch: PrepareBatch): PrepareOutcome[] {
  return runPrepareBatch(batch);
}
