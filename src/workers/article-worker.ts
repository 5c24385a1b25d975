// Worker-thread entry point for piscina: one article at a time (see tasks.ts).
import { runPrepare, type PrepareOutcome, type PrepareTask } from './tasks.js';

export default function handle(task: PrepareTask): Promise<PrepareOutcome> {
  return runPrepare(task);
}
