import { parentPort } from 'node:worker_threads';

/** The worker's reply to one task (see `workerPool.ts`). */
export type TaskReply<T> = { ok: true; value: T } | { ok: false; message: string };

/** Runs in a worker: answers each task the pool posts, one at a time, with its value or its error. */
export function serveTasks<In, Out>(handle: (input: In) => Out | Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs only in a worker thread');
  port.on('message', async (input: In) => {
    let reply: TaskReply<Out>;
    try {
      reply = { ok: true, value: await handle(input) };
    } catch (error) {
      reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
