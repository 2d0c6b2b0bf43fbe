import os from 'node:os';
import { sql } from 'kysely';
import type { DatabaseKind } from '../src/platform/db/database.js';
import { SUMMED } from '../src/steering/cells.js';
import { companiesBySize, factsIn, resolveScope, sums } from '../src/steering/steeringQueries.js';
import type { SteeringFilters } from '../src/steering/steeringFilters.js';
import { ensureDataSet } from './dataset.js';
import { openBench } from './db.js';

/**
 * `npx tsx bench/steeringSums.ts --db sqlite|postgres [--scale 0.05]`: on a data set of `npm run bench`
 * (facts built, migration 025 applied), the parts of a view's computation this round changed:
 * its plain sums read from the monthly cells (with the facts of its edge days) against the same sums
 * in one grouped read of the facts, and the read of the helped companies (still from the facts).
 * Median of 5 runs each, milliseconds.
 */
const argv = process.argv.slice(2);
const kind = (argv[argv.indexOf('--db') + 1] ?? 'sqlite') as DatabaseKind;
const scale = Number(argv.includes('--scale') ? argv[argv.indexOf('--scale') + 1] : 0.05);
if (!(scale <= 0.1)) throw new Error('--scale : 0.1 au plus sur cette machine partagée.');

const VIEWS: [string, SteeringFilters][] = [
  ['everything', {}],
  ['measure ACTE2-CPRO', { measure: 'ACTE2-CPRO' }],
  ['département 25', { departement: '25' }],
  ['département 25 + funder OPCA', { departement: '25', funder: 'OPCA' }],
  ['section C, 2012', { section: 'C', from: '2012-01-01', to: '2012-12-31' }],
  ['2010-03-15 to 2012-06-10 (edge days)', { from: '2010-03-15', to: '2012-06-10' }],
];

const dataSet = await ensureDataSet(kind, scale, { reuse: true });
const bench = await openBench(dataSet.target);
const { db } = bench.database;
const median = async (run: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const t = performance.now(); await run(); times.push(performance.now() - t); }
  return Math.round(times.sort((a, b) => a - b)[2]);
};
const count = async (table: 'steeringCells' | 'steeringFacts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
console.log(`${kind}, scale ${scale}: ${await count('steeringFacts')} facts, ${await count('steeringCells')} cells; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| view | sums from the cells | the same sums from the facts | helped companies (facts) |');
console.log('|---|---|---|---|');
for (const [name, filters] of VIEWS) {
  const fromCells = await median(async () => sums(db, await resolveScope(db, filters)));
  const fromFacts = await median(async () => factsIn(db, await resolveScope(db, filters), SUMMED)
    .select(['s.fact', 's.k1', 's.k2', sql<number>`sum(s.n)`.as('n'), sql<number>`sum(s.v1)`.as('v1')]).groupBy(['s.fact', 's.k1', 's.k2']).execute());
  const companies = await median(async () => companiesBySize(db, await resolveScope(db, filters)));
  console.log(`| ${name} | ${fromCells} | ${fromFacts} | ${companies} |`);
}
console.log(`load after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await bench.close();
