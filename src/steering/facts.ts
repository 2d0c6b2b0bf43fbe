import type { Kysely, Transaction } from 'kysely';
import type { Schema, SteeringFactTable } from '../platform/db/schema.js';
import { ageOn } from '../shared/dates.js';
import { SIZE_CLASSES } from './statistics.js';

/**
 * What each business record contributes to the steering, as rows of `steering_facts`.
 * A record's facts depend on that record alone (and on its organisation for Acte II), so
 * a change rewrites the facts of the changed records only, and every view of the dashboard
 * is a grouped read of the facts whatever its filters. The rules of the figures live here:
 * who counts as helped, which day files a record in a period, the age at entry, the size class.
 *
 * Columns common to every fact: the filters (measure, funders, département, area, NAF
 * section, day); k1…k4 and n, v1 depend on the fact:
 *   company      helped request: k1 siret, k2 size class, k3 NAF division; n trainees, v1 hours
 *   person       one group of people: k1 sex, k2 age at entry, k3 situation, k4 1969 level; n people
 *   undescribed  helped request without a description of its trainees: n trainees
 *   submitted / decided   k1 month; n 1
 *   commitment   per funder: k1 month of the decision ('' if none), k2 funder; n committed, v1 net of releases
 *   payment      per funder: k2 funder; n paid
 *   duration     submitted and decided: k1 tenths of days from submission to decision; n 1
 *   contract     k1 '1' when reserved for a pair; n 1, v1 OPCA funding
 *   pathway / pair   n 1
 *   pathwayLine  per funder: k2 funder; n amount
 *   outcome      k1 contractsExit | contracts6m | pathwaysExit, k2 situation; n 1
 */
export type Fact = SteeringFactTable;
type Db = Kysely<Schema> | Transaction<Schema>;

/** The record types that carry figures; an organisation's change reaches its Acte II records. */
export const FACT_ENTITIES = ['fundingRequest', 'proContract', 'tempPathway', 'pair'] as const;
export type FactEntity = (typeof FACT_ENTITIES)[number];

export const HELPED_STATUSES = ['approved', 'closed'] as const;

export function sizeClassOf(headcount: number | null): string {
  if (headcount === null || headcount === undefined) return 'unknown';
  return SIZE_CLASSES.find((s) => s.below === null || headcount < s.below)!.key;
}

const funderList = (funders: Iterable<string>) => { const all = [...new Set(funders)].sort(); return all.length ? `,${all.join(',')},` : ''; };
const dayOf = (instant: string) => instant.slice(0, 10);
const monthOf = (instant: string | null) => (instant ? instant.slice(0, 7) : '');
const or = (v: string | null | undefined) => v ?? '?';
const groupBy = <T>(rows: T[], key: (r: T) => number) => {
  const map = new Map<number, T[]>();
  for (const r of rows) { const k = key(r); const list = map.get(k); if (list) list.push(r); else map.set(k, [r]); }
  return map;
};

type Base = Pick<Fact, 'entityType' | 'entityId' | 'measureId' | 'funders' | 'departement' | 'area' | 'section' | 'day'>;
const fact = (base: Base, name: string, n: number, keys: Partial<Pick<Fact, 'k1' | 'k2' | 'k3' | 'k4'>> = {}, v1 = 0): Fact =>
  ({ ...base, fact: name, k1: keys.k1 ?? '', k2: keys.k2 ?? '', k3: keys.k3 ?? '', k4: keys.k4 ?? '', n, v1 });

/** People of one record grouped by their traits, so a request of 40 trainees gives a few rows. */
function personFacts(base: Base, people: { sex: string; age: number; situation: string; level: string }[]): Fact[] {
  const groups = new Map<string, { keys: { k1: string; k2: string; k3: string; k4: string }; n: number }>();
  for (const p of people) {
    const keys = { k1: p.sex, k2: String(p.age), k3: p.situation, k4: p.level };
    const id = `${keys.k1}|${keys.k2}|${keys.k3}|${keys.k4}`;
    const g = groups.get(id);
    if (g) g.n += 1; else groups.set(id, { keys, n: 1 });
  }
  return [...groups.values()].map((g) => fact(base, 'person', g.n, g.keys));
}

async function requestFacts(db: Db, ids: number[]): Promise<Fact[]> {
  const requests = await db.selectFrom('fundingRequests as r').leftJoin('nafCodes as c', 'c.code', 'r.nafCode')
    .select(['r.id', 'r.measureId', 'r.status', 'r.siret', 'r.headcount', 'r.departement', 'r.employmentArea', 'r.traineeCount', 'r.trainingHours',
      'r.submittedAt', 'r.decidedAt', 'r.createdAt', 'c.section', 'c.division'])
    .where('r.id', 'in', ids).execute();
  if (!requests.length) return [];
  const found = requests.map((r) => r.id);
  const [lines, employees, commitments, payments] = await Promise.all([
    db.selectFrom('fundingLines').select(['requestId', 'funder']).where('requestId', 'in', found).execute(),
    db.selectFrom('requestEmployees').select(['requestId', 'sex', 'birthDate', 'situation', 'level1969']).where('requestId', 'in', found).execute(),
    db.selectFrom('commitments').select(['requestId', 'funder', 'amountCents', 'releasedCents']).where('requestId', 'in', found).execute(),
    db.selectFrom('payments').select(['requestId', 'funder', 'amountCents']).where('requestId', 'in', found).execute(),
  ]);
  const linesOf = groupBy(lines, (l) => l.requestId);
  const employeesOf = groupBy(employees, (e) => e.requestId);
  const commitmentsOf = groupBy(commitments, (c) => c.requestId);
  const paymentsOf = groupBy(payments, (p) => p.requestId);
  const out: Fact[] = [];
  for (const r of requests) {
    // A request belongs to the period in which it was filed; imported history has only its decision date.
    const filedOn = r.submittedAt ?? r.decidedAt ?? r.createdAt;
    const base: Base = {
      entityType: 'fundingRequest', entityId: r.id, measureId: r.measureId, funders: funderList((linesOf.get(r.id) ?? []).map((l) => l.funder)),
      departement: or(r.departement), area: or(r.employmentArea), section: or(r.section), day: dayOf(filedOn),
    };
    if ((HELPED_STATUSES as readonly string[]).includes(r.status)) {
      out.push(fact(base, 'company', Number(r.traineeCount ?? 0), { k1: r.siret, k2: sizeClassOf(r.headcount), k3: or(r.division) }, Number(r.trainingHours ?? 0)));
      const people = employeesOf.get(r.id) ?? [];
      const ageDay = dayOf(r.submittedAt ?? r.createdAt);
      if (people.length) out.push(...personFacts(base, people.map((e) => ({ sex: e.sex, age: ageOn(e.birthDate, ageDay), situation: e.situation, level: e.level1969 }))));
      else if (Number(r.traineeCount ?? 0) > 0) out.push(fact(base, 'undescribed', Number(r.traineeCount)));
    }
    if (r.submittedAt) out.push(fact(base, 'submitted', 1, { k1: monthOf(r.submittedAt) }));
    if (r.decidedAt) out.push(fact(base, 'decided', 1, { k1: monthOf(r.decidedAt) }));
    if (r.submittedAt && r.decidedAt) {
      // Tenths of days: the published median and 90th percentile are rounded to a tenth, and
      // rounding keeps the order, so the rank taken over these is the rank over the exact values.
      const days = (Date.parse(r.decidedAt) - Date.parse(r.submittedAt)) / 86_400_000;
      out.push(fact(base, 'duration', 1, { k1: String(Math.round(days * 10)) }));
    }
    const byFunder = new Map<string, { amount: number; net: number }>();
    for (const c of commitmentsOf.get(r.id) ?? []) {
      const f = byFunder.get(c.funder) ?? { amount: 0, net: 0 };
      f.amount += Number(c.amountCents); f.net += Number(c.amountCents) - Number(c.releasedCents);
      byFunder.set(c.funder, f);
    }
    // Money is dated by the decision that committed it: imported commitments carry the day of the import.
    for (const [funder, f] of byFunder) out.push(fact(base, 'commitment', f.amount, { k1: monthOf(r.decidedAt), k2: funder }, f.net));
    const paid = new Map<string, number>();
    for (const p of paymentsOf.get(r.id) ?? []) paid.set(p.funder, (paid.get(p.funder) ?? 0) + Number(p.amountCents));
    for (const [funder, cents] of paid) out.push(fact(base, 'payment', cents, { k2: funder }));
  }
  return out;
}

const ACTE_II: Pick<Base, 'measureId' | 'section'> = { measureId: 0, section: '' };

async function contractFacts(db: Db, ids: number[]): Promise<Fact[]> {
  const rows = await db.selectFrom('proContracts as c').leftJoin('organisations as o', 'o.id', 'c.companyId')
    .select(['c.id', 'c.sex', 'c.birthDate', 'c.startDate', 'c.isJobSeeker', 'c.level1969', 'c.isReservedForPair', 'c.fundingCents',
      'c.situationAtExit', 'c.situationAfter6Months', 'o.departement', 'o.employmentArea'])
    .where('c.id', 'in', ids).execute();
  return rows.flatMap((c) => {
    // A contract of professionalisation is funded by its OPCA.
    const base: Base = { entityType: 'proContract', entityId: c.id, ...ACTE_II, funders: ',OPCA,', departement: or(c.departement), area: or(c.employmentArea), day: c.startDate };
    const out = [
      fact(base, 'person', 1, { k1: c.sex, k2: String(ageOn(c.birthDate, c.startDate)), k3: c.isJobSeeker ? 'job_seeker' : 'other', k4: c.level1969 }),
      fact(base, 'contract', 1, { k1: c.isReservedForPair ? '1' : '0' }, Number(c.fundingCents)),
    ];
    if (c.situationAtExit) out.push(fact(base, 'outcome', 1, { k1: 'contractsExit', k2: c.situationAtExit }));
    if (c.situationAfter6Months) out.push(fact(base, 'outcome', 1, { k1: 'contracts6m', k2: c.situationAfter6Months }));
    return out;
  });
}

async function pathwayFacts(db: Db, ids: number[]): Promise<Fact[]> {
  const rows = await db.selectFrom('tempPathways as t').leftJoin('organisations as o', 'o.id', 't.agencyId')
    .select(['t.id', 't.sex', 't.birthDate', 't.entryDate', 't.level1969', 't.outcome', 'o.departement', 'o.employmentArea'])
    .where('t.id', 'in', ids).execute();
  if (!rows.length) return [];
  const lines = groupBy(await db.selectFrom('pathwayFundingLines').select(['pathwayId', 'funder', 'amountCents']).where('pathwayId', 'in', rows.map((r) => r.id)).execute(), (l) => l.pathwayId);
  return rows.flatMap((t) => {
    const own = lines.get(t.id) ?? [];
    const base: Base = { entityType: 'tempPathway', entityId: t.id, ...ACTE_II, funders: funderList(own.map((l) => l.funder)), departement: or(t.departement), area: or(t.employmentArea), day: t.entryDate };
    const out = [fact(base, 'person', 1, { k1: t.sex, k2: String(ageOn(t.birthDate, t.entryDate)), k3: 'unknown', k4: t.level1969 }), fact(base, 'pathway', 1)];
    const byFunder = new Map<string, number>();
    for (const l of own) byFunder.set(l.funder, (byFunder.get(l.funder) ?? 0) + Number(l.amountCents));
    for (const [funder, cents] of byFunder) out.push(fact(base, 'pathwayLine', cents, { k2: funder }));
    if (t.outcome) out.push(fact(base, 'outcome', 1, { k1: 'pathwaysExit', k2: t.outcome }));
    return out;
  });
}

async function pairFacts(db: Db, ids: number[]): Promise<Fact[]> {
  const rows = await db.selectFrom('pairs as b').leftJoin('organisations as o', 'o.id', 'b.companyId')
    .select(['b.id', 'b.seniorSex', 'b.seniorBirthDate', 'b.startDate', 'o.departement', 'o.employmentArea'])
    .where('b.id', 'in', ids).execute();
  // Pairs carry no financing line: a funder filter keeps them when it holds an envelope on the measure (see resolveScope).
  return rows.flatMap((b) => {
    const base: Base = { entityType: 'pair', entityId: b.id, ...ACTE_II, funders: '', departement: or(b.departement), area: or(b.employmentArea), day: b.startDate };
    // The senior is the person the pair adds: the junior is a C.Pro trainee already counted.
    return [fact(base, 'person', 1, { k1: b.seniorSex, k2: String(ageOn(b.seniorBirthDate, b.startDate)), k3: 'employed', k4: 'unknown' }), fact(base, 'pair', 1)];
  });
}

const BUILDERS: Record<FactEntity, (db: Db, ids: number[]) => Promise<Fact[]>> = {
  fundingRequest: requestFacts, proContract: contractFacts, tempPathway: pathwayFacts, pair: pairFacts,
};

/** The facts of these records as they are now (none for a record that no longer exists). */
export function factsOf(db: Db, entity: FactEntity, ids: number[]): Promise<Fact[]> {
  return ids.length ? BUILDERS[entity](db, ids) : Promise.resolve([]);
}

export const ENTITY_TABLES: Record<FactEntity, 'fundingRequests' | 'proContracts' | 'tempPathways' | 'pairs'> = {
  fundingRequest: 'fundingRequests', proContract: 'proContracts', tempPathway: 'tempPathways', pair: 'pairs',
};
