import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseKind } from '../platform/db/database.js';
import type { Schema } from '../platform/db/schema.js';
import { FUNDER_LABELS, FUNDERS, type Funder } from '../programmes/funders.js';
import { dayAfter, type SteeringFilters } from './steeringFilters.js';
import { FRANCHE_COMTE } from '../reference/departements.js';
import { countByAgeBand, ISCED_GROUPS, monthsBetween, SIZE_CLASSES } from './statistics.js';

/**
 * The SQL of the steering. Every figure is a GROUP BY on the database; the server only
 * names, orders and protects the groups (never more than a few hundred rows). Queries
 * run on SQLite and PostgreSQL alike: dates are compared as ISO text prefixes, ages
 * and months are cut from the text of the dates, booleans are tested with CASE WHEN.
 */
type Db = Kysely<Schema>;

/** Requests that received money: the partners count a company as "helped" from the decision on. */
export const HELPED_STATUSES = ['approved', 'closed'] as const;

export interface Scope {
  filters: SteeringFilters;
  /** Weekly-cell measures in scope (Acte I and Acte II axis 1). */
  cellMeasureIds: number[];
  measureIds: number[];
  contracts: boolean;
  pathways: boolean;
  pairs: boolean;
  notes: string[];
}

/** Which measures, and so which tables, the filters select. */
export async function resolveScope(db: Db, filters: SteeringFilters): Promise<Scope> {
  const measures = await db.selectFrom('measures as m').innerJoin('programmes as p', 'p.id', 'm.programmeId')
    .select(['m.id', 'm.kind', 'm.code', 'p.code as programmeCode'])
    .$if(!!filters.programme, (q) => q.where('p.code', '=', filters.programme!))
    .$if(!!filters.measure, (q) => q.where('m.code', '=', filters.measure!))
    .execute();
  const notes: string[] = [];
  const has = (kind: string) => measures.some((m) => m.kind === kind);
  let pairsWithFunder = has('pairs');
  if (filters.funder && pairsWithFunder) {
    // Pairs carry no financing line of their own: they count under a funder that holds an envelope on the measure.
    const envelope = await db.selectFrom('envelopes').select('id').where('funder', '=', filters.funder)
      .where('measureId', 'in', measures.filter((m) => m.kind === 'pairs').map((m) => m.id)).executeTakeFirst();
    pairsWithFunder = !!envelope;
  }
  const acteII = { contracts: has('pro_contracts') && (!filters.funder || filters.funder === 'OPCA'), pathways: has('temp_pathways'), pairs: pairsWithFunder };
  if (filters.section && (acteII.contracts || acteII.pathways || acteII.pairs)) {
    notes.push('Le filtre de secteur ne porte que sur les demandes de la cellule : les contrats, parcours et binômes ne portent pas de code NAF et sont exclus.');
    acteII.contracts = acteII.pathways = acteII.pairs = false;
  }
  return {
    filters, notes, ...acteII,
    measureIds: measures.map((m) => m.id),
    cellMeasureIds: measures.filter((m) => m.kind === 'weekly_cell').map((m) => m.id),
  };
}

const text = (column: string) => sql<string>`cast(${sql.ref(column)} as text)`;
/** 'YYYY-MM' of a date or instant column (PostgreSQL prints both in ISO order). */
const monthOf = (column: string) => sql<string>`substr(cast(${sql.ref(column)} as text), 1, 7)`;

/**
 * Age in whole years at `ref`, as ageOn() computes it: year difference, minus one when
 * the birthday (MM-DD) has not come yet.
 */
function ageAt(birth: string, ref: RawBuilder<string> | string): RawBuilder<number> {
  const r = typeof ref === 'string' ? text(ref) : ref;
  const b = text(birth);
  return sql<number>`(cast(substr(${r}, 1, 4) as integer) - cast(substr(${b}, 1, 4) as integer)
    - case when substr(${r}, 6, 5) < substr(${b}, 6, 5) then 1 else 0 end)`;
}

/** Days between two instants. The one expression that differs between the databases. */
function daysBetween(kind: DatabaseKind, from: string, to: string): RawBuilder<number> {
  return kind === 'postgres'
    ? sql<number>`(extract(epoch from (${sql.ref(to)} - ${sql.ref(from)})) / 86400.0)`
    : sql<number>`(julianday(${sql.ref(to)}) - julianday(${sql.ref(from)}))`;
}

const sizeClass = (column: string) => sql<string>`case
  when ${sql.ref(column)} is null then 'unknown'
  when ${sql.ref(column)} < ${sql.lit(SIZE_CLASSES[0].below)} then 'TPE'
  when ${sql.ref(column)} < ${sql.lit(SIZE_CLASSES[1].below)} then 'PME'
  when ${sql.ref(column)} < ${sql.lit(SIZE_CLASSES[2].below)} then 'ETI'
  else 'GE' end`;

/**
 * A request belongs to the period in which it was filed; imported history carries no
 * submission date, only its decision date, which stands in for it.
 */
const filedOn = sql<string>`coalesce(r.submitted_at, r.decided_at, r.created_at)`;

/** Funding requests under the filters; `helped` keeps only those that received money. */
export function requestsIn(db: Db, scope: Scope, options: { helped?: boolean; submitted?: boolean } = {}) {
  const f = scope.filters;
  return db.selectFrom('fundingRequests as r')
    .where('r.measureId', 'in', scope.cellMeasureIds.length ? scope.cellMeasureIds : [-1])
    .$if(!!options.helped, (q) => q.where('r.status', 'in', [...HELPED_STATUSES]))
    .$if(!!options.submitted, (q) => q.where('r.submittedAt', 'is not', null))
    .$if(!!f.departement, (q) => q.where('r.departement', '=', f.departement!))
    .$if(!!f.section, (q) => q.where((eb) => eb.exists(eb.selectFrom('nafCodes as n').select('n.code').whereRef('n.code', '=', 'r.nafCode').where('n.section', '=', f.section!))))
    .$if(!!f.funder, (q) => q.where((eb) => eb.exists(eb.selectFrom('fundingLines as fl').select('fl.id').whereRef('fl.requestId', '=', 'r.id').where('fl.funder', '=', f.funder!))))
    .$if(!!f.from, (q) => q.where(filedOn, '>=', f.from!))
    .$if(!!f.to, (q) => q.where(filedOn, '<', dayAfter(f.to!)));
}

/*
 * The owner's organisation is joined for its département only. LEFT joins (the ids are NOT
 * NULL, so no row changes) let SQLite read the big table in order instead of driving the
 * join from organisations and jumping through an index for each of a million rows.
 */
function contractsIn(db: Db, scope: Scope) {
  const f = scope.filters;
  return db.selectFrom('proContracts as c').leftJoin('organisations as co', 'co.id', 'c.companyId')
    .$if(!scope.contracts, (q) => q.where(sql<boolean>`1 = 0`))
    .$if(!!f.departement, (q) => q.where('co.departement', '=', f.departement!))
    .$if(!!f.from, (q) => q.where('c.startDate', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('c.startDate', '<=', f.to!));
}

function pathwaysIn(db: Db, scope: Scope) {
  const f = scope.filters;
  return db.selectFrom('tempPathways as t').leftJoin('organisations as ag', 'ag.id', 't.agencyId')
    .$if(!scope.pathways, (q) => q.where(sql<boolean>`1 = 0`))
    .$if(!!f.departement, (q) => q.where('ag.departement', '=', f.departement!))
    .$if(!!f.funder, (q) => q.where((eb) => eb.exists(eb.selectFrom('pathwayFundingLines as pf').select('pf.id').whereRef('pf.pathwayId', '=', 't.id').where('pf.funder', '=', f.funder!))))
    .$if(!!f.from, (q) => q.where('t.entryDate', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('t.entryDate', '<=', f.to!));
}

function pairsIn(db: Db, scope: Scope) {
  const f = scope.filters;
  return db.selectFrom('pairs as b').leftJoin('organisations as bo', 'bo.id', 'b.companyId')
    .$if(!scope.pairs, (q) => q.where(sql<boolean>`1 = 0`))
    .$if(!!f.departement, (q) => q.where('bo.departement', '=', f.departement!))
    .$if(!!f.from, (q) => q.where('b.startDate', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('b.startDate', '<=', f.to!));
}

const n = (v: unknown) => Number(v ?? 0);

// ---- Targets -------------------------------------------------------------------------------

export interface TargetFigure {
  measureCode: string; measureName: string; indicator: string; label: string; target: number;
  achieved: number; unit: 'companies' | 'people' | 'hours';
}

export async function targetFigures(db: Db, scope: Scope): Promise<TargetFigure[]> {
  const targets = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId')
    .select(['t.indicator', 't.label', 't.value', 'm.id as measureId', 'm.code', 'm.name', 'm.kind'])
    .where('m.id', 'in', scope.measureIds.length ? scope.measureIds : [-1]).orderBy('m.id').orderBy('t.id').execute();
  const cellMeasures = [...new Set(targets.filter((t) => t.kind === 'weekly_cell').map((t) => t.measureId))];
  const perMeasure = cellMeasures.length === 0 ? [] : await requestsIn(db, scope, { helped: true })
    .where('r.measureId', 'in', cellMeasures)
    .select(['r.measureId', sql<number>`count(distinct r.siret)`.as('companies'), sql<number>`coalesce(sum(r.trainee_count), 0)`.as('employees'),
      sql<number>`coalesce(sum(r.training_hours), 0)`.as('hours')])
    .groupBy('r.measureId').execute();
  const contracts = scope.contracts ? await contractsIn(db, scope)
    .select([sql<number>`count(*)`.as('all'), sql<number>`coalesce(sum(case when c.is_reserved_for_pair then 1 else 0 end), 0)`.as('reserved')])
    .executeTakeFirst() : undefined;
  const pathways = scope.pathways ? await pathwaysIn(db, scope).select(sql<number>`count(*)`.as('all')).executeTakeFirst() : undefined;
  const pairs = scope.pairs ? await pairsIn(db, scope).select(sql<number>`count(*)`.as('all')).executeTakeFirst() : undefined;

  return targets.map((t) => {
    const m = perMeasure.find((p) => p.measureId === t.measureId);
    const achieved: Record<string, [number, TargetFigure['unit']]> = {
      companies: [n(m?.companies), 'companies'], employees: [n(m?.employees), 'people'], hours: [n(m?.hours), 'hours'],
      contracts: [n(contracts?.all), 'people'], reserved_pairs: [n(contracts?.reserved), 'people'],
      pathways: [n(pathways?.all), 'people'], pairs: [n(pairs?.all), 'people'],
    };
    const [value, unit] = achieved[t.indicator] ?? [0, 'people'];
    return { measureCode: t.code, measureName: t.name, indicator: t.indicator, label: t.label, target: n(t.value), achieved: value, unit };
  });
}

// ---- Money ---------------------------------------------------------------------------------

export interface MoneyRow { funder: string; label: string; envelopeCents: number; committedCents: number; paidCents: number }

export async function moneyByFunder(db: Db, scope: Scope): Promise<MoneyRow[]> {
  const f = scope.filters;
  const measureIds = scope.measureIds.length ? scope.measureIds : [-1];
  const envelopes = await db.selectFrom('envelopes').select(['funder', sql<number>`sum(amount_cents)`.as('cents')])
    .where('measureId', 'in', measureIds).$if(!!f.funder, (q) => q.where('funder', '=', f.funder!))
    .groupBy('funder').execute();
  const requests = requestsIn(db, scope).select('r.id');
  const committed = await db.selectFrom('commitments as k').select(['k.funder', sql<number>`sum(k.amount_cents - k.released_cents)`.as('cents')])
    .where('k.requestId', 'in', requests).$if(!!f.funder, (q) => q.where('k.funder', '=', f.funder!))
    .groupBy('k.funder').execute();
  const paid = await db.selectFrom('payments as pay').select(['pay.funder', sql<number>`sum(pay.amount_cents)`.as('cents')])
    .where('pay.requestId', 'in', requests).$if(!!f.funder, (q) => q.where('pay.funder', '=', f.funder!))
    .groupBy('pay.funder').execute();
  // Acte II: a pathway's financing lines are its commitment; a C.Pro's funding is the OPCA's.
  const pathwayLines = scope.pathways ? await db.selectFrom('pathwayFundingLines as pf').select(['pf.funder', sql<number>`sum(pf.amount_cents)`.as('cents')])
    .where('pf.pathwayId', 'in', pathwaysIn(db, scope).select('t.id')).$if(!!f.funder, (q) => q.where('pf.funder', '=', f.funder!))
    .groupBy('pf.funder').execute() : [];
  const contractFunding = scope.contracts ? await contractsIn(db, scope).select(sql<number>`coalesce(sum(c.funding_cents), 0)`.as('cents')).executeTakeFirst() : undefined;

  const rows = new Map<string, MoneyRow>();
  const row = (funder: string) => {
    let r = rows.get(funder);
    if (!r) rows.set(funder, r = { funder, label: FUNDER_LABELS[funder as Funder] ?? funder, envelopeCents: 0, committedCents: 0, paidCents: 0 });
    return r;
  };
  for (const e of envelopes) row(e.funder).envelopeCents += n(e.cents);
  for (const c of committed) row(c.funder).committedCents += n(c.cents);
  for (const c of pathwayLines) row(c.funder).committedCents += n(c.cents);
  if (n(contractFunding?.cents) > 0) row('OPCA').committedCents += n(contractFunding!.cents);
  for (const p of paid) row(p.funder).paidCents += n(p.cents);
  const order = (funder: string) => { const i = FUNDERS.indexOf(funder as Funder); return i < 0 ? 99 : i; };
  return [...rows.values()].sort((a, b) => order(a.funder) - order(b.funder));
}

// ---- Companies -----------------------------------------------------------------------------

export interface GroupCount { key: string; companies: number; employees: number; hours: number }

/** Helped companies (distinct SIRETs), their trained employees and hours, by one key of the request. */
async function helpedCompaniesBy(db: Db, scope: Scope, key: RawBuilder<string>, withNaf = false): Promise<GroupCount[]> {
  const helped = requestsIn(db, scope, { helped: true });
  const q = withNaf ? helped.leftJoin('nafCodes as n', 'n.code', 'r.nafCode') : helped;
  const rows = await q.select([key.as('key'), sql<number>`count(distinct r.siret)`.as('companies'),
    sql<number>`coalesce(sum(r.trainee_count), 0)`.as('employees'), sql<number>`coalesce(sum(r.training_hours), 0)`.as('hours')])
    .groupBy(key).execute();
  return rows.map((r) => ({ key: r.key, companies: n(r.companies), employees: n(r.employees), hours: n(r.hours) }));
}

export const companiesBySize = (db: Db, scope: Scope): Promise<GroupCount[]> => helpedCompaniesBy(db, scope, sizeClass('r.headcount'));

/** By the employment area the request was filed with ('?' when it gives none). */
export const companiesByArea = (db: Db, scope: Scope): Promise<GroupCount[]> => helpedCompaniesBy(db, scope, sql<string>`coalesce(r.employment_area, '?')`);

export async function companiesBySector(db: Db, scope: Scope, level: 'section' | 'division'): Promise<(GroupCount & { label: string })[]> {
  const key = level === 'section' ? sql<string>`coalesce(n.section, '?')` : sql<string>`coalesce(n.division, '?')`;
  const rows = await helpedCompaniesBy(db, scope, key, true);
  const labels = level === 'section'
    ? new Map((await db.selectFrom('nafSections').select(['code', 'label']).execute()).map((s) => [s.code, s.label]))
    : new Map<string, string>();
  return rows.map((r) => ({
    ...r, label: r.key === '?' ? 'Code NAF non renseigné' : level === 'section' ? `${r.key} — ${labels.get(r.key) ?? ''}` : divisionLabel(r.key),
  }));
}

export const AUTOMOTIVE_DIVISION = '29';
/** The divisions the seed names (automotive, metalworking, plastics, eyewear, toys); others show their number. */
const DIVISION_LABELS: Record<string, string> = {
  '22': 'Caoutchouc et plastiques', '24': 'Métallurgie', '25': 'Produits métalliques', '26': 'Produits informatiques, électroniques et optiques',
  '27': 'Équipements électriques', '28': 'Machines et équipements', '29': 'Industrie automobile', '30': 'Autres matériels de transport',
  '32': 'Autres industries manufacturières (lunetterie, jouets…)', '33': 'Réparation et installation de machines',
};
export const divisionLabel = (division: string) => `${division} — ${DIVISION_LABELS[division] ?? `Division ${division}`}`;

/**
 * The départements that have requests, read as a skip scan of the département index: one
 * index probe per département instead of reading every request (a national table).
 */
async function distinctDepartements(db: Db): Promise<string[]> {
  const { rows } = await sql<{ dep: string | null }>`with recursive d(dep) as (
      select min(departement) from funding_requests
      union all
      select (select min(r.departement) from funding_requests r where r.departement > d.dep) from d where d.dep is not null
    ) select dep from d where dep is not null`.execute(db);
  return rows.map((r) => r.dep!);
}

/** The départements a reader may pick: Franche-Comté's, and any other that has requests. */
export async function offeredDepartements(db: Db): Promise<string[]> {
  return [...new Set([...FRANCHE_COMTE, ...(await distinctDepartements(db))])].sort();
}

// ---- People --------------------------------------------------------------------------------

/**
 * Everybody the measures reached, one row per person: trained employees of helped
 * requests, C.Pro trainees, temp workers on a pathway, seniors of pairs (their juniors
 * are C.Pro trainees already). Only the columns the indicators need leave the database.
 */
function people(db: Db, scope: Scope) {
  const employees = requestsIn(db, scope, { helped: true }).innerJoin('requestEmployees as e', 'e.requestId', 'r.id')
    .select([sql<string>`e.sex`.as('sex'), ageAt('e.birthDate', sql<string>`cast(coalesce(r.submitted_at, r.created_at) as text)`).as('age'),
      sql<string>`e.situation`.as('situation'), sql<string>`e.level1969`.as('level'), sql<string>`coalesce(r.departement, '?')`.as('departement'),
      sql<string>`coalesce(r.employment_area, '?')`.as('area'), sql<string>`'employees'`.as('source')]);
  const contracts = contractsIn(db, scope)
    .select([sql<string>`c.sex`.as('sex'), ageAt('c.birthDate', 'c.startDate').as('age'), sql<string>`case when c.is_job_seeker then 'job_seeker' else 'other' end`.as('situation'),
      sql<string>`c.level1969`.as('level'), sql<string>`coalesce(co.departement, '?')`.as('departement'), sql<string>`coalesce(co.employment_area, '?')`.as('area'), sql<string>`'contracts'`.as('source')]);
  const pathways = pathwaysIn(db, scope)
    .select([sql<string>`t.sex`.as('sex'), ageAt('t.birthDate', 't.entryDate').as('age'), sql<string>`'unknown'`.as('situation'),
      sql<string>`t.level1969`.as('level'), sql<string>`coalesce(ag.departement, '?')`.as('departement'), sql<string>`coalesce(ag.employment_area, '?')`.as('area'), sql<string>`'pathways'`.as('source')]);
  const seniors = pairsIn(db, scope)
    .select([sql<string>`b.senior_sex`.as('sex'), ageAt('b.seniorBirthDate', 'b.startDate').as('age'), sql<string>`'employed'`.as('situation'),
      sql<string>`'unknown'`.as('level'), sql<string>`coalesce(bo.departement, '?')`.as('departement'), sql<string>`coalesce(bo.employment_area, '?')`.as('area'), sql<string>`'pairs'`.as('source')]);
  return db.selectFrom(employees.unionAll(contracts as any).unionAll(pathways as any).unionAll(seniors as any).as('p'));
}

/*
 * The union of all people is the dashboard's cost at national scale, so each group of
 * dimensions is counted in one grouped pass shared by its tables and summed here: the person's
 * own traits (a few thousand combinations), and the territory, where an employment area lies
 * within one or a few départements (a few hundred). Crossing the two groups would multiply them.
 */
const CUBES = {
  person: ['sex', 'age', 'situation', 'level', 'source'],
  territory: ['departement', 'area'],
} as const;
type PeopleDimension = (typeof CUBES)[keyof typeof CUBES][number];
type CubeRow = { count: number } & Record<string, unknown>;
const cubes = new WeakMap<Scope, Map<keyof typeof CUBES, Promise<CubeRow[]>>>();

function peopleCube(db: Db, scope: Scope, which: keyof typeof CUBES): Promise<CubeRow[]> {
  const ofScope = cubes.get(scope) ?? new Map<keyof typeof CUBES, Promise<CubeRow[]>>();
  cubes.set(scope, ofScope);
  let cube = ofScope.get(which);
  if (!cube) {
    const dimensions = CUBES[which];
    cube = people(db, scope).select([...dimensions.map((d) => sql.ref(`p.${d}`).as(d)), sql<number>`count(*)`.as('count')])
      .groupBy(dimensions.map((d) => sql.ref(`p.${d}`))).execute()
      .then((rows) => (rows as Record<string, unknown>[]).map((r) => ({ ...r, count: n(r.count as number) })));
    ofScope.set(which, cube);
  }
  return cube;
}

/** People counted by one dimension ('?' where the record does not say). */
export async function peopleBy(db: Db, scope: Scope, dimension: PeopleDimension): Promise<{ key: string; count: number }[]> {
  const which = (CUBES.territory as readonly string[]).includes(dimension) ? 'territory' : 'person';
  const totals = new Map<string, number>();
  for (const row of await peopleCube(db, scope, which)) {
    const key = String(row[dimension]);
    totals.set(key, (totals.get(key) ?? 0) + row.count);
  }
  return [...totals].map(([key, count]) => ({ key, count }));
}

/**
 * Trainees counted on a request without a description of each person (the imported Acte I
 * history gives numbers only): they are reached but cannot enter the FSE breakdowns.
 */
export async function undescribedTrainees(db: Db, scope: Scope): Promise<number> {
  const row = await requestsIn(db, scope, { helped: true })
    .where((eb) => eb.not(eb.exists(eb.selectFrom('requestEmployees as e').select('e.id').whereRef('e.requestId', '=', 'r.id'))))
    .select(sql<number>`coalesce(sum(r.trainee_count), 0)`.as('count')).executeTakeFirst();
  return n(row?.count);
}

export async function peopleByAgeBands(db: Db, scope: Scope) {
  const perAge = (await peopleBy(db, scope, 'age')).map((r) => ({ age: Number(r.key), count: r.count }));
  return { fse2007: countByAgeBand(perAge, 'fse2007'), fse2014: countByAgeBand(perAge, 'fse2014') };
}

export async function peopleByIsced(db: Db, scope: Scope) {
  const perLevel = await peopleBy(db, scope, 'level');
  const groups: { key: string; label: string; count: number }[] = ISCED_GROUPS.map((g) => ({ key: g.key, label: g.label, count: perLevel.filter((l) => (g.levels as readonly string[]).includes(l.key)).reduce((s, l) => s + l.count, 0) }));
  const known = new Set(ISCED_GROUPS.flatMap((g) => g.levels as readonly string[]));
  groups.push({ key: 'unknown', label: 'Non renseigné', count: perLevel.filter((l) => !known.has(l.key)).reduce((s, l) => s + l.count, 0) });
  return groups;
}

// ---- Trends and processing times ------------------------------------------------------------

export interface MonthRow { month: string; submitted: number; decided: number; committedCents: number }

export async function monthlyTrends(db: Db, scope: Scope): Promise<MonthRow[]> {
  const submitted = await requestsIn(db, scope, { submitted: true }).select([monthOf('r.submittedAt').as('month'), sql<number>`count(*)`.as('count')])
    .groupBy(monthOf('r.submittedAt')).execute();
  const decided = await requestsIn(db, scope).where('r.decidedAt', 'is not', null).select([monthOf('r.decidedAt').as('month'), sql<number>`count(*)`.as('count')])
    .groupBy(monthOf('r.decidedAt')).execute();
  // Money is dated by the decision that committed it: the commitment rows of imported
  // history carry the day of the import, not the day of the cell.
  const committed = await requestsIn(db, scope).where('r.decidedAt', 'is not', null).innerJoin('commitments as k', 'k.requestId', 'r.id')
    .$if(!!scope.filters.funder, (q) => q.where('k.funder', '=', scope.filters.funder!))
    .select([monthOf('r.decidedAt').as('month'), sql<number>`sum(k.amount_cents)`.as('cents')]).groupBy(monthOf('r.decidedAt')).execute();
  const all = [...submitted, ...decided, ...committed].map((r) => r.month).filter(Boolean).sort();
  if (all.length === 0) return [];
  const get = (rows: { month: string }[], month: string, key: 'count' | 'cents') => n((rows.find((r) => r.month === month) as any)?.[key]);
  return monthsBetween(all[0], all[all.length - 1]).map((month) => ({
    month, submitted: get(submitted, month, 'count'), decided: get(decided, month, 'count'), committedCents: get(committed, month, 'cents'),
  }));
}

export interface ProcessingTimes { count: number; medianDays: number | null; p90Days: number | null }

/**
 * Median and 90th percentile of the days from submission to decision, by nearest rank
 * (see statistics.ts): row_number() over the sorted durations and count(*) over () are
 * standard window functions on both databases; the wanted ranks are computed in integer
 * arithmetic in the same query ((n+1) div 2 and (9n+9) div 10 are nearestRank(n, 1, 2) and
 * nearestRank(n, 9, 10)), so one row comes back whatever the number of files.
 */
export async function processingTimes(db: Db, kind: DatabaseKind, scope: Scope): Promise<ProcessingTimes> {
  const durations = requestsIn(db, scope, { submitted: true }).where('r.decidedAt', 'is not', null)
    .select(daysBetween(kind, 'r.submittedAt', 'r.decidedAt').as('days'));
  const ranked = db.selectFrom(durations.as('d'))
    .select([sql.ref('d.days').as('days'), sql<number>`row_number() over (order by d.days)`.as('rn'), sql<number>`count(*) over ()`.as('n')]);
  const row = await db.selectFrom(ranked.as('x'))
    .select([
      sql<number>`max(x.n)`.as('n'),
      sql<number>`max(case when x.rn = (x.n + 1) / 2 then x.days end)`.as('median'),
      sql<number>`max(case when x.rn = (9 * x.n + 9) / 10 then x.days end)`.as('p90'),
    ]).executeTakeFirst();
  const count = n(row?.n);
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return { count, medianDays: round(row?.median), p90Days: round(row?.p90) };
}

/** The sorted durations (tests compare the SQL percentiles with the pure rule on them). */
export async function sortedDurations(db: Db, kind: DatabaseKind, scope: Scope, limit = 100_000): Promise<number[]> {
  const rows = await requestsIn(db, scope, { submitted: true }).where('r.decidedAt', 'is not', null)
    .select(daysBetween(kind, 'r.submittedAt', 'r.decidedAt').as('days')).orderBy(sql`1`).limit(limit).execute();
  return rows.map((r) => Number(r.days));
}

// ---- Outcomes ------------------------------------------------------------------------------

export async function outcomes(db: Db, scope: Scope) {
  const exitContracts = scope.contracts ? await contractsIn(db, scope).where('c.situationAtExit', 'is not', null)
    .select(['c.situationAtExit as key', sql<number>`count(*)`.as('count')]).groupBy('c.situationAtExit').execute() : [];
  const laterContracts = scope.contracts ? await contractsIn(db, scope).where('c.situationAfter6Months', 'is not', null)
    .select(['c.situationAfter6Months as key', sql<number>`count(*)`.as('count')]).groupBy('c.situationAfter6Months').execute() : [];
  const exitPathways = scope.pathways ? await pathwaysIn(db, scope).where('t.outcome', 'is not', null)
    .select(['t.outcome as key', sql<number>`count(*)`.as('count')]).groupBy('t.outcome').execute() : [];
  const clean = (rows: { key: string | null; count: unknown }[]) => rows.map((r) => ({ key: r.key ?? '?', count: n(r.count) }));
  return { exitContracts: clean(exitContracts), laterContracts: clean(laterContracts), exitPathways: clean(exitPathways) };
}

