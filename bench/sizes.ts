import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatabaseKind } from '../src/platform/db/database.js';
import { BENCH_OUT, openBench } from './db.js';
import { ensureDataSet } from './dataset.js';
import { compare, machine, startServer, upgrade, type Comparison, type Machine } from './measure.js';

/**
 * The list-cost curve: the same list requests on 10k, 100k and 1M funding requests
 * (headers only, companies in proportion). With the right indexes a page costs a B-tree
 * descent plus 20 rows — growing like log n — while anything that scans or sorts the
 * table (count(*), leading-wildcard LIKE, a sort without index) grows like n.
 */
export const SIZES = [10_000, 100_000, 1_000_000];
const SCENARIOS = [
  { name: 'page 1, latest first', url: '/api/requests?pageSize=20&sort=updatedAt&order=desc' },
  { name: 'page 50', url: '/api/requests?page=50&pageSize=20&sort=updatedAt&order=desc' },
  { name: 'filter status=approved', url: '/api/requests?pageSize=20&status=approved&sort=submittedAt&order=desc' },
  { name: 'search q=company name', url: `/api/requests?pageSize=20&q=${encodeURIComponent('Horlogerie du Jura')}` },
];

export interface SizeResults { db: DatabaseKind; machine: Machine; sizes: { rows: number; generationSeconds: number; lists: Comparison[] }[]; loadAfter: number[] }

export async function measureSizes(kind: DatabaseKind, options: { reuse: boolean; log?: (line: string) => void }): Promise<SizeResults> {
  const log = options.log ?? console.log;
  const results: SizeResults = { db: kind, machine: machine(), sizes: [], loadAfter: [] };
  for (const rows of SIZES) {
    log(`  ${kind}: ${rows.toLocaleString('en')} requests`);
    const dataSet = await ensureDataSet(kind, rows, {
      reuse: options.reuse, suffix: '_sizes', log,
      counts: { companies: Math.max(100, rows / 10), trainingFunds: 20, tempAgencies: 0, requests: rows, tutorsPerCompany: 0, contracts: 0, pathways: 0, pairs: 0, requestsOnly: true },
    });
    const bench = await openBench(dataSet.target);
    await upgrade(bench);
    const { app, client } = await startServer(bench);
    try {
      const cookie = await client.login('secretariat@parcours.test');
      const lists: Comparison[] = [];
      for (const s of SCENARIOS) {
        const c = await compare(bench, client, cookie, s.name, s.url, { count: 40, seconds: 20 });
        log(`    ${s.name}: http p50 ${c.http.p50} / p95 ${c.http.p95} ms, raw p50 ${c.raw.p50} ms${c.error ? ` — ${c.error}` : ''}`);
        lists.push(c);
      }
      results.sizes.push({ rows, generationSeconds: Math.round(dataSet.generation.totalSeconds), lists });
    } finally {
      await app.close();
      await bench.close();
    }
  }
  results.loadAfter = os.loadavg().map((l) => Math.round(l * 100) / 100);
  return results;
}

// Spawned by run.ts: `node --import tsx bench/sizes.ts <db> <results file> [reuse]`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [kind, out, reuse] = process.argv.slice(2);
  const results = await measureSizes(kind as DatabaseKind, { reuse: reuse === 'reuse' });
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  process.exit(0);
}
