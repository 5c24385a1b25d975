// Worker-thread entry point for piscina: one task at a time (see tasks.ts).
import { runTask, type Task } from './tasks.js';

export default function handle(task: Task): ReturnType<typeof runTask> {
  return runTask(task);
}
