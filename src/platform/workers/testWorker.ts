import { threadId } from 'node:worker_threads';
import { serveTasks } from './serveTasks.js';

/** The worker of `workerPool.test.ts`: one behaviour per kind of task. */
export type TestTask = { double: number } | { fail: string } | { exhaustMemory: true } | { exit: number } | { threadId: true } | { meet: Int32Array };

const hoard: unknown[] = [];

serveTasks((task: TestTask) => {
  if ('double' in task) return task.double * 2;
  if ('fail' in task) throw new Error(task.fail);
  if ('threadId' in task) return threadId;
  if ('meet' in task) {
    // Counts itself in, then waits until the test has seen every worker arrive.
    Atomics.add(task.meet, 0, 1);
    while (Atomics.load(task.meet, 1) === 0) Atomics.wait(task.meet, 1, 0, 50);
    return threadId;
  }
  if ('exit' in task) process.exit(task.exit);
  for (;;) hoard.push(new Array(100_000).fill(hoard.length));
});
