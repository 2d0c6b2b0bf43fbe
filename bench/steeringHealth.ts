import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildDashboard } from '../src/steering/dashboard.js';
import { rebuildFacts } from '../src/steering/factUpdates.js';
import type { SteeringFilters } from '../src/steering/steeringFilters.js';
import { ensureDataSet } from './dataset.js';
import { openBench } from './db.js';
import { Client, startServer, upgrade } from './measure.js';
import { benchContext } from './setup.js';

/**
 * `npx tsx bench/steeringHealth.ts [--scale 0.05] [--reuse]`: the answer time of /api/health while
 * the steering is read for the first time on SQLite (docs/benchmarks.md). The server runs in this
 * process; health is asked every 20 ms from a worker thread, which the server's thread does not hold.
 * 1. the full rebuild of the facts (the job run at the first start on generated data);
 * 2. five views computed on the server's thread, as before views had a worker (buildDashboard);
 * 3. the same five views read first through HTTP, their kept copies dropped: computed in the worker
 *    (under tsx the worker's first start transpiles its modules; the server bundle loads one file).
 */
const argv = process.argv.slice(2);
const scale = Number(argv[argv.indexOf('--scale') + 1] ?? 0.05) || 0.05;
if (scale > 0.1) throw new Error('--scale : 0.1 au plus sur cette machine partagée.');

const VIEWS: [string, SteeringFilters][] = [
  ['', {}],
  ['measure=ACTE2-CPRO', { measure: 'ACTE2-CPRO' }],
  ['departement=25', { departement: '25' }],
  ['departement=25&funder=OPCA', { departement: '25', funder: 'OPCA' }],
  ['section=C&from=2012-01-01&to=2012-12-31', { section: 'C', from: '2012-01-01', to: '2012-12-31' }],
];

const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  while (running) {
    const started = performance.now();
    await fetch(workerData.url).then((r) => r.arrayBuffer()).catch(() => undefined);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  parentPort.postMessage(latencies);
})();`;

function sampleHealth(base: string) {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { url: `${base}/api/health` } });
  return async () => {
    const done = new Promise<number[]>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const sorted = (await done).sort((a, b) => a - b);
    await worker.terminate();
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
  };
}

const dataSet = await ensureDataSet('sqlite', scale, { reuse: argv.includes('--reuse'), log: console.log });
const bench = await openBench(dataSet.target);
await upgrade(bench);
const { app, client } = await startServer(bench);
const base = (client as Client).base;
const ctx = benchContext(bench);
try {
  const reader = await client.login('lecteur@parcours.test');
  await client.get('/api/health', reader);
  const load = () => os.loadavg()[0].toFixed(2);

  let stop = sampleHealth(base);
  const started = performance.now();
  const { records } = await rebuildFacts(ctx);
  console.log(`rebuild of the facts (${records} records, ${Math.round(performance.now() - started)} ms): health ${JSON.stringify(await stop())}, load ${load()}`);

  stop = sampleHealth(base);
  const inThread: number[] = [];
  for (const [, filters] of VIEWS) {
    const t = performance.now();
    await buildDashboard(ctx, filters);
    inThread.push(Math.round(performance.now() - t));
  }
  console.log(`5 views on the server's thread (${inThread.join(', ')} ms): health ${JSON.stringify(await stop())}, load ${load()}`);

  await bench.database.db.deleteFrom('steeringSnapshots').execute();
  stop = sampleHealth(base);
  const inWorker: number[] = [];
  for (const [query] of VIEWS) {
    const t = performance.now();
    const response = await client.get(`/api/steering/dashboard${query ? `?${query}` : ''}`, reader);
    if (response.status !== 200) throw new Error(`tableau de bord ${query} : ${response.status}`);
    inWorker.push(Math.round(performance.now() - t));
  }
  console.log(`5 first readings through HTTP, computed in the worker (${inWorker.join(', ')} ms; the first starts the worker): health ${JSON.stringify(await stop())}, load ${load()}`);
  await bench.database.db.deleteFrom('steeringSnapshots').execute();
  const again = performance.now();
  await client.get('/api/steering/dashboard', reader);
  console.log(`the unfiltered view once more, its worker started: ${Math.round(performance.now() - again)} ms`);
} finally {
  await app.close();
  await bench.close();
}
