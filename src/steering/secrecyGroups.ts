import type { Kysely, Transaction } from 'kysely';
import type { Schema, SecrecyGroupTable } from '../platform/db/schema.js';
import { applyDeltas } from './cells.js';
import type { Fact } from './facts.js';
import { ageBand, iscedOf } from './statistics.js';

/**
 * `secrecy_groups` (migration 027): the facts of people added up at the grain the secrecy cubes
 * read (secrecyViews.ts), kept by difference in the transaction that rewrites the facts — the
 * cubes are then built from a few thousand rows instead of a grouped read of every person.
 * Like the cells, always a GROUP BY of the facts (groupDrift checks it).
 */
type Db = Kysely<Schema> | Transaction<Schema>;
export type Group = SecrecyGroupTable;

const GRAIN = ['fact', 'departement', 'entityType', 'measureId', 'area', 'section', 'k1', 'k2', 'k3', 'k4', 'reserved'] as const;
type Grain = Pick<Group, (typeof GRAIN)[number]>;
const keyOf = (g: Grain) => JSON.stringify(GRAIN.map((c) => g[c]));

/** What each fact of people counts in; other facts count in no group. `reserved`: the k1 of the record's contract fact. */
function grainOf(f: Fact, reserved: string): Grain | null {
  const base = { fact: f.fact, departement: f.departement, entityType: f.entityType };
  switch (f.fact) {
    // The cube's rows: the FSE 2007 age band (the 2014 bands are unions of them) and the ISCED group of the 1969 level.
    case 'person': return { ...base, measureId: Number(f.measureId), area: f.area, section: '', k1: f.k1, k2: ageBand(Number(f.k2), 'fse2007'), k3: f.k3, k4: iscedOf(f.k4), reserved };
    // The SIRET (k1) is left out: the cubes count trainees, not companies.
    case 'company': return { ...base, measureId: Number(f.measureId), area: f.area, section: f.section, k1: '', k2: f.k2, k3: f.k3, k4: '', reserved: '' };
    case 'outcome': return { ...base, measureId: 0, area: '', section: '', k1: f.k1, k2: f.k2, k3: '', k4: '', reserved: '' };
    default: return null;
  }
}

/** What moves in each group when some records' facts go from `before` to `after`. */
export function groupDeltas(before: Fact[], after: Fact[]): Group[] {
  const deltas = new Map<string, Group>();
  const add = (facts: Fact[], sign: 1 | -1) => {
    // Only a contract's person has its contract's fact (whether it is reserved for a pair).
    const reservedOf = new Map(facts.filter((f) => f.fact === 'contract' && f.entityType === 'proContract').map((f) => [Number(f.entityId), f.k1]));
    for (const f of facts) {
      const grain = grainOf(f, f.entityType === 'proContract' ? reservedOf.get(Number(f.entityId)) ?? '' : '');
      if (!grain) continue;
      const key = keyOf(grain);
      const d = deltas.get(key) ?? { ...grain, n: 0, factCount: 0 };
      d.n += sign * Number(f.n); d.factCount += sign;
      deltas.set(key, d);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...deltas.values()].filter((d) => d.n !== 0 || d.factCount !== 0);
}

/** Applies to the groups the change of some records' facts (all the facts of each record, before and after). */
export const applyGroupChange = (trx: Transaction<Schema>, before: Fact[], after: Fact[]) => applyDeltas(trx, 'secrecyGroups', GRAIN, ['n'], groupDeltas(before, after));

/** The groups of one fact: what a cube is built from. */
export async function groupsOf(db: Db, fact: 'person' | 'company' | 'outcome'): Promise<Group[]> {
  // In the order of the grain's index: the same groups give the same list, which tells a cube that did not move.
  return GRAIN.reduce((query, column) => query.orderBy(column), db.selectFrom('secrecyGroups').selectAll().where('fact', '=', fact)).execute();
}

/** The groups that differ from the GROUP BY of the facts they sum (empty when exact). */
export async function groupDrift(db: Db): Promise<{ expected: Group | null; found: Group | null }[]> {
  const facts = await db.selectFrom('steeringFacts').selectAll().where('fact', 'in', ['person', 'company', 'outcome', 'contract']).execute();
  const expected = new Map(groupDeltas([], facts).map((g) => [keyOf(g), g]));
  const canonical = (g: Group): Group => ({
    fact: g.fact, departement: g.departement, entityType: g.entityType, measureId: Number(g.measureId), area: g.area, section: g.section,
    k1: g.k1, k2: g.k2, k3: g.k3, k4: g.k4, reserved: g.reserved, n: Number(g.n), factCount: Number(g.factCount),
  });
  const found = new Map((await db.selectFrom('secrecyGroups').selectAll().execute()).map((g) => canonical(g)).map((g) => [keyOf(g), g]));
  const out: { expected: Group | null; found: Group | null }[] = [];
  for (const key of new Set([...expected.keys(), ...found.keys()])) {
    const e = expected.has(key) ? canonical(expected.get(key)!) : null;
    const f = found.get(key) ?? null;
    if (JSON.stringify(e) !== JSON.stringify(f)) out.push({ expected: e, found: f });
  }
  return out;
}

