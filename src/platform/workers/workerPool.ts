import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { TaskReply } from './serveTasks.js';

export interface WorkerPoolOptions {
  /**
   * The worker's module, `new URL('./somethingWorker.ts', import.meta.url)`. The server bundle
   * carries it beside itself as `somethingWorker.mjs` (scripts/serverBuild.mjs).
   */
  entry: URL;
  /** What fails when a task fails, in French, for the error: « Le rendu du document PDF ». */
  purpose: string;
  /** Workers running at once; further tasks wait in order. */
  size?: number;
  /** Bounds the worker's heaps, so that a runaway task ends its worker and not the process. */
  resourceLimits?: ResourceLimits;
  /** A worker without a task for this long is ended and gives its memory back. */
  idleMs?: number;
}

export interface WorkerPool<In, Out> {
  run(input: In): Promise<Out>;
  /** Lets the queued and running tasks finish, then ends the workers; a later task starts a new one. */
  close(): Promise<void>;
}

interface Task<In, Out> {
  input: In;
  resolve(value: Out): void;
  reject(error: Error): void;
}

interface Slot<In, Out> {
  worker: Worker;
  task?: Task<In, Out>;
  idleTimer?: NodeJS.Timeout;
}

// In the server bundle this module is part of dist/server/main.mjs (its import.meta.url names its
// source, rewritten by the bundler; import.meta.filename is the bundle's own file).
const ownFile: string | undefined = import.meta.filename;
const fromBundle = ownFile !== undefined && ownFile.endsWith('.mjs');

function startWorker(entry: URL, resourceLimits: ResourceLimits | undefined): Worker {
  if (fromBundle) {
    const bundled = path.join(path.dirname(ownFile!), path.basename(fileURLToPath(entry)).replace(/\.ts$/, '.mjs'));
    return new Worker(pathToFileURL(bundled), { resourceLimits });
  }
  return new Worker(new URL('./tsBootstrap.mjs', import.meta.url), { workerData: { entry: entry.href }, resourceLimits });
}

function deathReason(error: Error | undefined, code: number): string {
  if ((error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'mémoire épuisée';
  if (error) return error.message;
  return `arrêt inattendu (code ${code})`;
}

const pools = new Set<WorkerPool<never, unknown>>();

/** Ends every pool's workers once their tasks are done (the app's close: nothing outlives it). */
export async function closeWorkerPools(): Promise<void> {
  await Promise.all([...pools].map((pool) => pool.close()));
}

/**
 * Runs tasks in worker threads started on first use, so heavy work never holds the server's event
 * loop. A worker that dies (out of memory, uncaught error) fails its task only: the next task
 * gets a fresh worker.
 */
export function workerPool<In, Out>(options: WorkerPoolOptions): WorkerPool<In, Out> {
  const size = options.size ?? 1;
  const idleMs = options.idleMs ?? 30_000;
  const queue: Task<In, Out>[] = [];
  const slots = new Set<Slot<In, Out>>();
  let drained: (() => void)[] = [];

  const fail = (task: Task<In, Out>, reason: string) => task.reject(new Error(`${options.purpose} a échoué : ${reason}.`));

  function settleDrained() {
    if (queue.length === 0 && [...slots].every((slot) => !slot.task)) {
      const waiting = drained;
      drained = [];
      for (const resolve of waiting) resolve();
    }
  }

  function spawn(): Slot<In, Out> {
    const worker = startWorker(options.entry, options.resourceLimits);
    const slot: Slot<In, Out> = { worker };
    let lastError: Error | undefined;
    worker.on('message', (reply: TaskReply<Out>) => {
      const task = slot.task;
      slot.task = undefined;
      if (task) {
        if (reply.ok) task.resolve(reply.value);
        else fail(task, reply.message);
      }
      next(slot);
    });
    worker.on('error', (error) => { lastError = error; });
    worker.on('exit', (code) => {
      slots.delete(slot);
      clearTimeout(slot.idleTimer);
      const task = slot.task;
      slot.task = undefined;
      if (task) fail(task, `le fil de travail s'est arrêté (${deathReason(lastError, code)})`);
      dispatch();
      settleDrained();
    });
    slots.add(slot);
    return slot;
  }

  function give(slot: Slot<In, Out>, task: Task<In, Out>) {
    clearTimeout(slot.idleTimer);
    slot.task = task;
    slot.worker.ref();
    try {
      slot.worker.postMessage(task.input);
    } catch (error) {
      // What cannot be cloned (a function in the input) never reaches the worker.
      slot.task = undefined;
      fail(task, error instanceof Error ? error.message : String(error));
      next(slot);
    }
  }

  function next(slot: Slot<In, Out>) {
    const task = queue.shift();
    if (task) return give(slot, task);
    // An idle worker neither keeps the process alive nor holds its memory for long.
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => void retire(slot), idleMs);
    slot.idleTimer.unref();
    settleDrained();
  }

  /** Out of the pool before it is ended: a task arriving meanwhile gets another worker, never this one. */
  function retire(slot: Slot<In, Out>): Promise<number> {
    slots.delete(slot);
    clearTimeout(slot.idleTimer);
    return slot.worker.terminate();
  }

  function dispatch() {
    while (queue.length > 0) {
      const idle = [...slots].find((slot) => !slot.task);
      if (idle) give(idle, queue.shift()!);
      else if (slots.size < size) give(spawn(), queue.shift()!);
      else return;
    }
  }

  const pool: WorkerPool<In, Out> = {
    run(input) {
      return new Promise<Out>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        dispatch();
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        drained.push(resolve);
        settleDrained();
      });
      await Promise.all([...slots].filter((slot) => !slot.task).map(retire));
    },
  };
  pools.add(pool as WorkerPool<never, unknown>);
  return pool;
}
