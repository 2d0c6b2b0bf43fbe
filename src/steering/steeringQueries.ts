import { sql, type Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { FUNDER_LABELS, FUNDERS, type Funder } from '../programmes/funders.js';
import type { SteeringFilters } from './steeringFilters.js';
import { FRANCHE_COMTE } from '../reference/departements.js';
import { SUMMED } from './cells.js';
import { monthsBetween, nearestRank } from './statistics.js';

/**
 * The figures of the steering, each a grouped read under the filters of `steering_facts`
 * (facts.ts) or, for the plain sums, of its monthly cells (cells.ts): the server only names,
 * orders and protects the groups. Facts and cells are kept equal to the records by factUpdates.ts.
 */
type Db = Kysely<Schema>;

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

const n = (v: unknown) => Number(v ?? 0);

/**
 * The rows of `table` under the filters other than the period (see facts.ts). Weekly-cell
 * facts carry their measure; the Acte II records come in by the scope's decision (measure
 * kinds, funder, section). The facts and the cells (cells.ts) share these columns.
 */
function scoped<T extends 'steeringFacts' | 'steeringCells'>(db: Db, table: T, scope: Scope, facts: string[]) {
  const f = scope.filters;
  const acteII = [scope.contracts && 'proContract', scope.pathways && 'tempPathway', scope.pairs && 'pair'].filter((e): e is string => !!e);
  // One query shape for both tables: the columns it names are those they have in common.
  return (db.selectFrom(`${table} as s` as 'steeringFacts as s'))
    .where('s.fact', 'in', facts)
    .where((eb) => eb.or([
      eb.and([eb('s.entityType', '=', 'fundingRequest'), eb('s.measureId', 'in', scope.cellMeasureIds.length ? scope.cellMeasureIds : [-1])]),
      ...(acteII.length ? [eb('s.entityType', 'in', acteII)] : []),
    ]))
    // Pairs have no financing line of their own: the scope decided whether the funder keeps them.
    .$if(!!f.funder, (q) => q.where((eb) => eb.or([eb('s.entityType', '=', 'pair'), eb('s.funders', 'like', `%,${f.funder},%`)])))
    .$if(!!f.departement, (q) => q.where('s.departement', '=', f.departement!))
    .$if(!!f.section, (q) => q.where('s.section', '=', f.section!));
}

/** The facts under the filters, the period by day. */
export function factsIn(db: Db, scope: Scope, facts: string[], period: { from?: string; to?: string } = scope.filters) {
  return scoped(db, 'steeringFacts', scope, facts)
    .$if(!!period.from, (q) => q.where('s.day', '>=', period.from!))
    .$if(!!period.to, (q) => q.where('s.day', '<=', period.to!));
}

export type Sum = { fact: string; k1: string; k2: string; n: number; v1: number };
const memo = new WeakMap<Scope, Map<string, Promise<unknown>>>();
function once<T>(scope: Scope, key: string, compute: () => Promise<T>): Promise<T> {
  const ofScope = memo.get(scope) ?? new Map<string, Promise<unknown>>();
  memo.set(scope, ofScope);
  if (!ofScope.has(key)) ofScope.set(key, compute());
  return ofScope.get(key) as Promise<T>;
}

const monthOf = (day: string) => day.slice(0, 7);
const firstDay = (month: string) => `${month}-01`;
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 7);
const previousMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);

/**
 * How a period is read: its whole months from the cells, and the days of a month it only
 * partly covers (a start after the 1st, an end before the last day) from the facts.
 */
export function periodParts(from?: string, to?: string): { months: { from?: string; to?: string } | null; days: { from: string; to: string }[] } {
  let fromMonth = from ? monthOf(from) : undefined;
  let toMonth = to ? monthOf(to) : undefined;
  const days: { from: string; to: string }[] = [];
  if (from && to && from > to) return { months: null, days: [] };
  if (from && from !== firstDay(fromMonth!)) {
    const end = to && to < lastDay(fromMonth!) ? to : lastDay(fromMonth!);
    days.push({ from, to: end });
    if (end === to) return { months: null, days };
    fromMonth = nextMonth(fromMonth!);
  }
  if (to && to !== lastDay(toMonth!)) {
    days.push({ from: firstDay(toMonth!), to });
    toMonth = previousMonth(toMonth!);
  }
  return { months: fromMonth && toMonth && fromMonth > toMonth ? null : { from: fromMonth, to: toMonth }, days };
}

/**
 * Every figure that is a plain sum, in one grouped read of the cells shared by the tables
 * (plus the facts of the edge months), added up by what the tables read.
 */
export function sums(db: Db, scope: Scope): Promise<Sum[]> {
  return once(scope, 'sums', async () => {
    const { months, days } = periodParts(scope.filters.from, scope.filters.to);
    const reads = days.map((d) => factsIn(db, scope, SUMMED, d)
      .select(['s.fact', 's.k1', 's.k2', sql<number>`sum(s.n)`.as('n'), sql<number>`sum(s.v1)`.as('v1')])
      .groupBy(['s.fact', 's.k1', 's.k2']).execute());
    if (months) {
      // `scoped` is typed on the facts' columns: the cells' own (month) are named through the cells' type.
      const cells = scoped(db, 'steeringCells', scope, SUMMED) as unknown as ReturnType<typeof cellsQuery>;
      reads.push(cells
        .$if(!!months.from, (q) => q.where('s.month', '>=', months.from!))
        .$if(!!months.to, (q) => q.where('s.month', '<=', months.to!))
        .select(['s.fact', 's.k1', 's.k2', sql<number>`sum(s.n)`.as('n'), sql<number>`sum(s.v1)`.as('v1')])
        .groupBy(['s.fact', 's.k1', 's.k2']).execute());
    }
    const total = new Map<string, Sum>();
    for (const rows of await Promise.all(reads)) {
      for (const r of rows) {
        const key = `${r.fact}|${r.k1}|${r.k2}`;
        const t = total.get(key);
        if (t) { t.n += n(r.n); t.v1 += n(r.v1); } else total.set(key, { fact: r.fact, k1: r.k1, k2: r.k2, n: n(r.n), v1: n(r.v1) });
      }
    }
    const order = (r: Sum) => `${r.fact}|${r.k1}|${r.k2}`;
    return [...total.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  });
}
const cellsQuery = (db: Db) => db.selectFrom('steeringCells as s');

const sumOf = (rows: Sum[], fact: string, where: (r: Sum) => boolean = () => true, value: 'n' | 'v1' = 'n') =>
  rows.reduce((s, r) => (r.fact === fact && where(r) ? s + r[value] : s), 0);

// ---- Targets -------------------------------------------------------------------------------

export interface TargetFigure {
  measureId: number; measureCode: string; measureName: string; indicator: string; label: string; target: number;
  achieved: number; unit: 'companies' | 'people' | 'hours';
}

export async function targetFigures(db: Db, scope: Scope): Promise<TargetFigure[]> {
  const targets = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId')
    .select(['t.indicator', 't.label', 't.value', 'm.id as measureId', 'm.code', 'm.name', 'm.kind'])
    .where('m.id', 'in', scope.measureIds.length ? scope.measureIds : [-1]).orderBy('m.id').orderBy('t.id').execute();
  const perMeasure = await helpedCompaniesBy(db, scope, 'measure');
  const all = await sums(db, scope);
  return targets.map((t) => {
    const m = perMeasure.find((p) => p.key === String(t.measureId));
    const achieved: Record<string, [number, TargetFigure['unit']]> = {
      companies: [n(m?.companies), 'companies'], employees: [n(m?.employees), 'people'], hours: [n(m?.hours), 'hours'],
      contracts: [sumOf(all, 'contract'), 'people'], reserved_pairs: [sumOf(all, 'contract', (r) => r.k1 === '1'), 'people'],
      pathways: [sumOf(all, 'pathway'), 'people'], pairs: [sumOf(all, 'pair'), 'people'],
    };
    const [value, unit] = achieved[t.indicator] ?? [0, 'people'];
    return { measureId: t.measureId, measureCode: t.code, measureName: t.name, indicator: t.indicator, label: t.label, target: n(t.value), achieved: value, unit };
  });
}

// ---- Money ---------------------------------------------------------------------------------

export interface MoneyRow { funder: string; label: string; envelopeCents: number; committedCents: number; paidCents: number }

export async function moneyByFunder(db: Db, scope: Scope): Promise<MoneyRow[]> {
  const f = scope.filters;
  const envelopes = await db.selectFrom('envelopes').select(['funder', sql<number>`sum(amount_cents)`.as('cents')])
    .where('measureId', 'in', scope.measureIds.length ? scope.measureIds : [-1]).$if(!!f.funder, (q) => q.where('funder', '=', f.funder!))
    .groupBy('funder').execute();
  const all = await sums(db, scope);
  const ofFunder = (r: Sum) => !f.funder || r.k2 === f.funder;
  const rows = new Map<string, MoneyRow>();
  const row = (funder: string) => {
    let r = rows.get(funder);
    if (!r) rows.set(funder, r = { funder, label: FUNDER_LABELS[funder as Funder] ?? funder, envelopeCents: 0, committedCents: 0, paidCents: 0 });
    return r;
  };
  for (const e of envelopes) row(e.funder).envelopeCents += n(e.cents);
  // Weekly cell: commitments net of releases; Acte II: a pathway's financing lines, and a C.Pro's OPCA funding.
  for (const r of all) {
    if (!ofFunder(r)) continue;
    if (r.fact === 'commitment') row(r.k2).committedCents += r.v1;
    else if (r.fact === 'pathwayLine') row(r.k2).committedCents += r.n;
    else if (r.fact === 'payment') row(r.k2).paidCents += r.n;
  }
  const contractFunding = sumOf(all, 'contract', () => true, 'v1');
  if (contractFunding > 0) row('OPCA').committedCents += contractFunding;
  const order = (funder: string) => { const i = FUNDERS.indexOf(funder as Funder); return i < 0 ? 99 : i; };
  return [...rows.values()].sort((a, b) => order(a.funder) - order(b.funder));
}

// ---- Companies -----------------------------------------------------------------------------

export interface GroupCount { key: string; companies: number; employees: number; hours: number }

const COMPANY_KEYS = { size: 's.k2', division: 's.k3', section: 's.section', area: 's.area', measure: 's.measureId' } as const;

/** Helped companies (distinct SIRETs), their trained employees and hours, by one key of the request. */
function helpedCompaniesBy(db: Db, scope: Scope, by: keyof typeof COMPANY_KEYS): Promise<GroupCount[]> {
  return once(scope, `companies:${by}`, async () => {
    const key = sql.ref(COMPANY_KEYS[by]);
    const rows = await factsIn(db, scope, ['company'])
      .select([key.as('key'), sql<number>`count(distinct s.k1)`.as('companies'), sql<number>`sum(s.n)`.as('employees'), sql<number>`sum(s.v1)`.as('hours')])
      .groupBy(key).execute();
    return rows.map((r) => ({ key: String(r.key), companies: n(r.companies), employees: n(r.employees), hours: n(r.hours) }));
  });
}

export const companiesBySize = (db: Db, scope: Scope): Promise<GroupCount[]> => helpedCompaniesBy(db, scope, 'size');

/** By the employment area the request was filed with ('?' when it gives none). */
export const companiesByArea = (db: Db, scope: Scope): Promise<GroupCount[]> => helpedCompaniesBy(db, scope, 'area');

export async function companiesBySector(db: Db, scope: Scope, level: 'section' | 'division'): Promise<(GroupCount & { label: string })[]> {
  const rows = await helpedCompaniesBy(db, scope, level);
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

/**
 * Trainees counted on a request without a description of each person (the imported Acte I
 * history gives numbers only): they are reached but cannot enter the FSE breakdowns.
 */
export async function undescribedTrainees(db: Db, scope: Scope): Promise<number> {
  return sumOf(await sums(db, scope), 'undescribed');
}

// ---- Trends and processing times ------------------------------------------------------------

export interface MonthRow { month: string; submitted: number; decided: number; committedCents: number }

export async function monthlyTrends(db: Db, scope: Scope): Promise<MonthRow[]> {
  const all = await sums(db, scope);
  const f = scope.filters;
  const perMonth = new Map<string, MonthRow>();
  const month = (m: string) => { let r = perMonth.get(m); if (!r) perMonth.set(m, r = { month: m, submitted: 0, decided: 0, committedCents: 0 }); return r; };
  for (const r of all) {
    if (r.fact === 'submitted') month(r.k1).submitted += r.n;
    else if (r.fact === 'decided') month(r.k1).decided += r.n;
    else if (r.fact === 'commitment' && r.k1 !== '' && (!f.funder || r.k2 === f.funder)) month(r.k1).committedCents += r.n;
  }
  const months = [...perMonth.keys()].sort();
  if (months.length === 0) return [];
  return monthsBetween(months[0], months[months.length - 1]).map((m) => perMonth.get(m) ?? { month: m, submitted: 0, decided: 0, committedCents: 0 });
}

export interface ProcessingTimes { count: number; medianDays: number | null; p90Days: number | null }

/**
 * Median and 90th percentile of the days from submission to decision, by nearest rank
 * (statistics.ts), walked over the count of files per tenth of a day.
 */
export async function processingTimes(db: Db, scope: Scope): Promise<ProcessingTimes> {
  const histogram = (await sums(db, scope)).filter((r) => r.fact === 'duration').map((r) => ({ tenths: Number(r.k1), count: r.n })).sort((a, b) => a.tenths - b.tenths);
  const count = histogram.reduce((s, h) => s + h.count, 0);
  const at = (rank: number) => {
    let seen = 0;
    for (const h of histogram) { seen += h.count; if (seen >= rank) return h.tenths / 10; }
    return null;
  };
  return { count, medianDays: count ? at(nearestRank(count, 1, 2)) : null, p90Days: count ? at(nearestRank(count, 9, 10)) : null };
}
