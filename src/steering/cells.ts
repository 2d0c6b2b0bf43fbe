import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema, SteeringCellTable } from '../platform/db/schema.js';
import type { Fact } from './facts.js';

/**
 * `steering_cells` (migration 025): the summable facts added up by month at the grain of the
 * filters and of the tables. Whoever rewrites facts hands the facts a record had and has to
 * applyFactChange, in the same transaction and under the same lock, so the cells are always
 * a GROUP BY of the facts (cellDrift checks it).
 */
type Db = Kysely<Schema> | Transaction<Schema>;
export type Cell = SteeringCellTable;

/** The facts that are plain sums; `company` (distinct SIRETs) and `person` (the secrecy cubes) are read from the facts. */
export const SUMMED = ['submitted', 'decided', 'commitment', 'payment', 'duration', 'contract', 'pathway', 'pair', 'pathwayLine', 'outcome', 'undescribed'];
const summed = new Set(SUMMED);
const GRAIN = ['fact', 'month', 'departement', 'entityType', 'measureId', 'funders', 'area', 'section', 'k1', 'k2'] as const;
type Grain = Pick<Cell, (typeof GRAIN)[number]>;

const grainOf = (f: Fact): Grain => ({
  fact: f.fact, month: String(f.day).slice(0, 7), departement: f.departement, entityType: f.entityType, measureId: Number(f.measureId),
  funders: f.funders, area: f.area, section: f.section, k1: f.k1, k2: f.k2,
});
const keyOf = (g: Grain) => JSON.stringify(GRAIN.map((c) => g[c]));

/** What moves in each cell when a record's facts go from `before` to `after`; cells that do not move are left out. */
export function cellDeltas(before: Fact[], after: Fact[]): Cell[] {
  const deltas = new Map<string, Cell>();
  const add = (f: Fact, sign: 1 | -1) => {
    if (!summed.has(f.fact)) return;
    const grain = grainOf(f);
    const key = keyOf(grain);
    const d = deltas.get(key) ?? { ...grain, n: 0, v1: 0, factCount: 0 };
    d.n += sign * Number(f.n); d.v1 += sign * Number(f.v1); d.factCount += sign;
    deltas.set(key, d);
  };
  for (const f of before) add(f, -1);
  for (const f of after) add(f, 1);
  return [...deltas.values()].filter((d) => d.n !== 0 || d.v1 !== 0 || d.factCount !== 0);
}

const ROWS = 500;
type Summed = 'steeringCells' | 'secrecyGroups';

/**
 * Adds deltas to the rows of a table of sums kept by difference (a row is created by its first
 * fact) and drops the rows left without facts: the cells here, the secrecy groups
 * (secrecyGroups.ts). `sums` are the columns added up; `factCount` counts the facts of a row.
 */
export async function applyDeltas<D extends { factCount: number }>(trx: Transaction<Schema>, table: Summed, grain: readonly string[], sums: readonly string[], deltas: D[]): Promise<void> {
  // One shape for two tables: Kysely's types follow one table at a time.
  const t = trx as unknown as Transaction<Record<Summed, Record<string, unknown>>>;
  for (let i = 0; i < deltas.length; i += ROWS) {
    const moved = await t.insertInto(table).values(deltas.slice(i, i + ROWS) as Record<string, unknown>[])
      .onConflict((oc) => oc.columns(grain as never).doUpdateSet((eb) => Object.fromEntries([...sums, 'factCount'].map((c) => [c, eb(eb.ref(`${table}.${c}` as never), '+', eb.ref(`excluded.${c}` as never))]))))
      .returning([...grain, 'factCount'] as never).execute() as Record<string, unknown>[];
    const empty = moved.filter((c) => Number(c.factCount) <= 0);
    if (empty.length) {
      await t.deleteFrom(table).where('factCount' as never, '<=', 0 as never)
        .where((eb) => eb.or(empty.map((c) => eb.and(grain.map((col) => eb(col as never, '=', c[col] as never))))))
        .execute();
    }
  }
}

/** Adds the deltas to their cells. */
export const applyCellDeltas = (trx: Transaction<Schema>, deltas: Cell[]) => applyDeltas(trx, 'steeringCells', GRAIN, ['n', 'v1'], deltas);

/** Applies to the cells the change of some records' facts. */
export const applyFactChange = (trx: Transaction<Schema>, before: Fact[], after: Fact[]) => applyCellDeltas(trx, cellDeltas(before, after));

/**
 * The cells that differ from a GROUP BY of the facts (empty when they are exact): the
 * invariant the tests check after writes, rebuilds and races.
 */
export async function cellDrift(db: Db): Promise<{ expected: Cell | null; found: Cell | null }[]> {
  const grouped = await db.selectFrom('steeringFacts')
    .select(['fact', sql<string>`substr(day, 1, 7)`.as('month'), 'departement', 'entityType', 'measureId', 'funders', 'area', 'section', 'k1', 'k2',
      sql<number>`sum(n)`.as('n'), sql<number>`sum(v1)`.as('v1'), sql<number>`count(*)`.as('factCount')])
    .where('fact', 'in', SUMMED)
    .groupBy(['fact', sql`substr(day, 1, 7)`, 'departement', 'entityType', 'measureId', 'funders', 'area', 'section', 'k1', 'k2']).execute();
  const cells = await db.selectFrom('steeringCells').selectAll().execute();
  // Drivers return numbers as strings or numbers, and columns in their own order.
  const canonical = (c: Cell): Cell => ({
    fact: c.fact, month: c.month, departement: c.departement, entityType: c.entityType, measureId: Number(c.measureId), funders: c.funders,
    area: c.area, section: c.section, k1: c.k1, k2: c.k2, n: Number(c.n), v1: Number(c.v1), factCount: Number(c.factCount),
  });
  const expected = new Map(grouped.map((c) => canonical(c)).map((c) => [keyOf(c), c]));
  const found = new Map(cells.map((c) => canonical(c)).map((c) => [keyOf(c), c]));
  const out: { expected: Cell | null; found: Cell | null }[] = [];
  for (const key of new Set([...expected.keys(), ...found.keys()])) {
    const e = expected.get(key) ?? null;
    const f = found.get(key) ?? null;
    if (JSON.stringify(e) !== JSON.stringify(f)) out.push({ expected: e, found: f });
  }
  return out;
}
