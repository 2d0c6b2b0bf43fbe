import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseKind } from '../src/platform/db/database.js';
import { BENCH_OUT, DEFAULT_PG_URL } from './db.js';
import { ensureDataSet } from './dataset.js';
import type { Results } from './measure.js';
import { plansText, resultsTable, sizesPlans, sizesTable } from './report.js';
import type { SizeResults } from './sizes.js';

/**
 * npm run bench -- [--scale 1] [--db sqlite|postgres|both] [--sizes] [--reuse]
 *
 * For each database: generate the data set in this process, then measure it in a child
 * process (fresh heap, so the export's peak RSS is the server's own), print the table and
 * write bench/out/results-<db>.json. --sizes runs the list-cost curve instead
 * (bench/out/sizes-<db>.json). --reuse keeps a data set already generated with the same counts.
 */
interface Options { scale: number; dbs: DatabaseKind[]; sizes: boolean; reuse: boolean }

function parse(argv: string[]): Options {
  const value = (flag: string) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  const scale = Number(value('--scale') ?? 1);
  if (!(scale > 0 && scale <= 10)) throw new Error('--scale : un nombre entre 0 (exclu) et 10.');
  const db = value('--db') ?? 'both';
  if (!['sqlite', 'postgres', 'both'].includes(db)) throw new Error('--db : sqlite, postgres ou both.');
  return { scale, dbs: db === 'both' ? ['sqlite', 'postgres'] : [db as DatabaseKind], sizes: argv.includes('--sizes'), reuse: argv.includes('--reuse') };
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DEFAULT_PG_URL, connectionTimeoutMillis: 2000 });
  try { await client.connect(); await client.query('select 1'); return true; } catch { return false; } finally { await client.end().catch(() => {}); }
}

/** Runs a bench script in a fresh Node process with the tsx loader; its output goes straight to ours. */
function child(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', path.join('bench', script), ...args], { stdio: 'inherit' });
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} a échoué (code ${code})`))));
  });
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  const dbs: DatabaseKind[] = [];
  for (const db of options.dbs) {
    if (db === 'postgres' && !(await postgresReachable())) { console.warn(`PostgreSQL injoignable à ${DEFAULT_PG_URL} : ignoré.`); continue; }
    dbs.push(db);
  }
  const started = performance.now();
  for (const db of dbs) {
    if (options.sizes) {
      const out = path.join(BENCH_OUT, `sizes-${db}.json`);
      await child('sizes.ts', [db, out, options.reuse ? 'reuse' : 'fresh']);
      const results = JSON.parse(fs.readFileSync(out, 'utf8')) as SizeResults;
      console.log(`\n${sizesTable(results)}\n\nQuery plans at the largest size:\n${sizesPlans(results)}\n`);
      continue;
    }
    console.log(`\n== ${db}, scale ${options.scale}: generating…`);
    const dataSet = await ensureDataSet(db, options.scale, { reuse: options.reuse, log: console.log });
    console.log(`   ${dataSet.generation.totalRows.toLocaleString('en')} rows in ${dataSet.generation.totalSeconds.toFixed(0)} s`);
    const note = path.join(BENCH_OUT, `current-${db}.json`);
    fs.writeFileSync(note, JSON.stringify(dataSet));
    const out = path.join(BENCH_OUT, `results-${db}.json`);
    console.log(`== ${db}: measuring…`);
    await child('measure.ts', [note, out]);
    const results = JSON.parse(fs.readFileSync(out, 'utf8')) as Results;
    console.log(`\n${resultsTable(results)}\n\nQuery plans (key lines):\n${plansText(results)}\n`);
  }
  console.log(`Done in ${((performance.now() - started) / 60_000).toFixed(1)} min. Results in ${path.relative(process.cwd(), BENCH_OUT)}/.`);
}

main().catch((error) => { console.error(error); process.exit(1); });
