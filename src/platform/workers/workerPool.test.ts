import { afterEach, describe, expect, it } from 'vitest';
import { workerPool, type WorkerPool } from './workerPool.js';
import type { TestTask } from './testWorker.js';

const entry = new URL('./testWorker.ts', import.meta.url);
const pools: WorkerPool<TestTask, unknown>[] = [];
const pool = (options: { size?: number; idleMs?: number } = {}) => {
  const created = workerPool<TestTask, unknown>({ entry, purpose: 'Le calcul d’essai', resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 }, ...options });
  pools.push(created);
  return created;
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('worker pool', () => {
  it('runs tasks in a worker thread, in order, one at a time by default', async () => {
    const p = pool();
    const results = await Promise.all([1, 2, 3, 4].map((n) => p.run({ double: n })));
    expect(results).toEqual([2, 4, 6, 8]);
    const ids = await Promise.all([p.run({ threadId: true }), p.run({ threadId: true })]);
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).toBe(ids[0]);
  });

  it('keeps the event loop turning while a worker computes', async () => {
    const p = pool();
    let turns = 0;
    let pending = true;
    const spin = () => { turns++; if (pending) setImmediate(spin); };
    setImmediate(spin);
    await p.run({ double: 21 });
    pending = false;
    expect(turns).toBeGreaterThan(0);
  });

  it('fails the task whose code throws, with the message, and goes on with the same worker', async () => {
    const p = pool();
    const first = await p.run({ threadId: true });
    await expect(p.run({ fail: 'donnée absente' })).rejects.toThrow('Le calcul d’essai a échoué : donnée absente.');
    expect(await p.run({ threadId: true })).toBe(first);
  });

  it('fails only the task of a worker that runs out of memory; the next task gets a fresh worker', async () => {
    const p = pool();
    const first = await p.run({ threadId: true });
    const [exhausted, after] = await Promise.allSettled([p.run({ exhaustMemory: true }), p.run({ double: 5 })]);
    expect(exhausted.status).toBe('rejected');
    expect((exhausted as PromiseRejectedResult).reason.message).toBe('Le calcul d’essai a échoué : le fil de travail s\'est arrêté (mémoire épuisée).');
    expect(after).toEqual({ status: 'fulfilled', value: 10 });
    expect(await p.run({ threadId: true })).not.toBe(first);
  });

  it('fails the task of a worker that exits, and starts another for the next', async () => {
    const p = pool();
    await expect(p.run({ exit: 3 })).rejects.toThrow('le fil de travail s\'est arrêté (arrêt inattendu (code 3))');
    expect(await p.run({ double: 1 })).toBe(2);
  });

  it('refuses what cannot be posted, in French, without losing the worker', async () => {
    const p = pool();
    await expect(p.run({ double: (() => 1) as unknown as number })).rejects.toThrow('Le calcul d’essai a échoué');
    expect(await p.run({ double: 2 })).toBe(4);
  });

  it('runs as many workers at once as its size allows', async () => {
    const p = pool({ size: 2 });
    const meet = new Int32Array(new SharedArrayBuffer(8));
    const both = Promise.all([p.run({ meet }), p.run({ meet })]);
    // Each task waits for the other: they finish only if both run at the same time.
    while (Atomics.load(meet, 0) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    Atomics.store(meet, 1, 1);
    const ids = await both;
    expect(new Set(ids).size).toBe(2);
  });

  it('ends an idle worker, and starts a new one for a later task', async () => {
    const p = pool({ idleMs: 1 });
    const first = await p.run({ threadId: true });
    // The idle worker is ended on its timer; a new thread answers the next task.
    let second = first;
    for (let attempt = 0; attempt < 200 && second === first; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      second = (await p.run({ threadId: true })) as number;
    }
    expect(second).not.toBe(first);
  });

  it('gives a task arriving while an idle worker is being ended to a fresh worker', async () => {
    const p = pool({ idleMs: 1 });
    const first = await p.run({ threadId: true });
    // Both timers are due in the same turn: the worker's end begins, then the task arrives before its exit is known.
    const arriving = new Promise((resolve, reject) => setTimeout(() => p.run({ threadId: true }).then(resolve, reject), 1));
    const until = performance.now() + 5;
    while (performance.now() < until) { /* let both timers fall due */ }
    expect(await arriving).not.toBe(first);
  });

  it('lets queued tasks finish before close ends the workers', async () => {
    const p = pool();
    const running = [p.run({ double: 1 }), p.run({ double: 2 })];
    await p.close();
    expect(await Promise.all(running)).toEqual([2, 4]);
  });
});
