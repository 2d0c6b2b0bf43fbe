import { sql, type Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Database } from '../platform/db/database.js';
import type { SteeringFilters } from './steeringFilters.js';
import { AGE_BANDS, ageBand, iscedOf } from './statistics.js';
import { ALL, programmeLevel, protectCubeSliced, type CubeShape, type PeopleGroup, type ProtectedCube } from './secrecyCube.js';
import type { SteeringTable } from './steeringTable.js';

/**
 * Where each view of the dashboard reads its secrecy from: one protected cube per population
 * (secrecyCube.ts), built from the facts of the whole partnership, whatever the filters.
 *
 * Populations: the people reached (trained employees described one by one, C.Pro trainees, temp
 * workers, seniors of pairs), the trained employees of helped companies (counted per request),
 * and the people whose outcome is known (three populations: contracts at exit, six months
 * later, pathways at exit). A view publishes figures of people only at a level of the cube —
 * everything, one programme, one measure or one département; filters crossed with another
 * (funder, sector, period, or two of those levels) would open new differences: there, figures
 * of people are withheld and the view says why.
 */
type Db = Kysely<Schema>;

export type Population = 'people' | 'trainees' | 'contractsExit' | 'contracts6m' | 'pathwaysExit';
export interface Level { m: string; d: string }

export const WITHHELD_NOTE = 'Les effectifs de personnes (et les heures de formation qui en découlent) ne sont publiés que pour l’ensemble, '
  + 'un programme, un dispositif ou un département, sur toute la période : croisés avec un autre filtre (financeur, secteur, période, '
  + 'ou deux de ces niveaux à la fois), ils permettraient de retrouver par différence des cases masquées. Entreprises, demandes et montants restent publiés.';

const KIND_OF_ENTITY: Record<string, string> = { proContract: 'pro_contracts', tempPathway: 'temp_pathways', pair: 'pairs' };
const measureKey = (id: number) => `m:${id}`;

/** The age bands of 2014–2020 as unions of those of 2007–2013. */
export const COARSE_AGE_GROUPS = AGE_BANDS.fse2014.map((coarse) => ({
  key: coarse.key, label: coarse.label,
  members: AGE_BANDS.fse2007.filter((fine) => fine.from >= coarse.from && (coarse.to === null || (fine.to !== null && fine.to <= coarse.to))).map((fine) => fine.key),
}));
// A coarse band that is a single fine one (25–54) is the same figure under another key.
const ageGroups = COARSE_AGE_GROUPS.map((g) => ({ key: `c:${g.key}`, members: g.members }));

interface Measures { byId: Map<number, { code: string; programme: string; kind: string }>; ofKind: Map<string, number> }

async function readMeasures(db: Db): Promise<Measures> {
  const rows = await db.selectFrom('measures as m').innerJoin('programmes as p', 'p.id', 'm.programmeId').select(['m.id', 'm.code', 'm.kind', 'p.code as programme']).orderBy('m.id').execute();
  const ofKind = new Map<string, number>();
  for (const r of rows) if (!ofKind.has(r.kind)) ofKind.set(r.kind, r.id);
  return { byId: new Map(rows.map((r) => [r.id, { code: r.code, programme: r.programme, kind: r.kind }])), ofKind };
}

/** The cube level of a view, or null when its filters cross two levels or add another filter. */
export function levelOf(filters: SteeringFilters, measures: Measures): Level | null {
  if (filters.funder || filters.section || filters.from || filters.to) return null;
  let m = ALL;
  if (filters.measure) {
    const found = [...measures.byId].find(([, x]) => x.code === filters.measure && (!filters.programme || x.programme === filters.programme));
    if (!found) return null;
    m = measureKey(found[0]);
  } else if (filters.programme) m = programmeLevel(filters.programme);
  const d = filters.departement ?? ALL;
  if (m !== ALL && d !== ALL) return null;
  return { m, d };
}

const n = (v: unknown) => Number(v ?? 0);

async function peopleGroups(db: Db, measures: Measures): Promise<PeopleGroup[]> {
  const rows = await db.selectFrom('steeringFacts as s')
    // Only a contract's person has its contract's fact to join (whether it is reserved for a pair).
    .leftJoin('steeringFacts as c', (join) => join.on('s.entityType', '=', 'proContract').onRef('c.entityId', '=', 's.entityId').on('c.entityType', '=', 'proContract').on('c.fact', '=', 'contract'))
    .select(['s.entityType', 's.measureId', 's.departement', 's.area', 's.k1', 's.k2', 's.k3', 's.k4', sql<string | null>`c.k1`.as('reserved'), sql<number>`sum(s.n)`.as('n')])
    .where('s.fact', '=', 'person')
    .groupBy(['s.entityType', 's.measureId', 's.departement', 's.area', 's.k1', 's.k2', 's.k3', 's.k4', 'c.k1'])
    .execute();
  const out: PeopleGroup[] = [];
  for (const r of rows) {
    const id = r.entityType === 'fundingRequest' ? Number(r.measureId) : measures.ofKind.get(KIND_OF_ENTITY[r.entityType]);
    if (id === undefined || !measures.byId.has(id)) continue;
    const rowsOf: Record<string, string> = {
      sex: r.k1, age: ageBand(Number(r.k2), 'fse2007'), situation: r.k3, level: iscedOf(r.k4), area: r.area,
    };
    if (r.reserved !== null && r.reserved !== undefined) rowsOf.reserved = r.reserved;
    out.push({ m: measureKey(id), d: r.departement, rows: rowsOf, count: n(r.n) });
  }
  return out;
}

async function traineeGroups(db: Db, measures: Measures): Promise<(PeopleGroup & { section: string })[]> {
  const rows = await db.selectFrom('steeringFacts as s')
    .select(['s.measureId', 's.departement', 's.area', 's.section', 's.k2', 's.k3', sql<number>`sum(s.n)`.as('n')])
    .where('s.fact', '=', 'company').where('s.entityType', '=', 'fundingRequest')
    .groupBy(['s.measureId', 's.departement', 's.area', 's.section', 's.k2', 's.k3']).execute();
  return rows.filter((r) => measures.byId.has(Number(r.measureId))).map((r) => ({
    m: measureKey(Number(r.measureId)), d: r.departement, count: n(r.n),
    rows: { size: r.k2, sector: `d:${r.k3}`, area: r.area }, section: r.section,
  }));
}

async function outcomeGroups(db: Db, measures: Measures): Promise<Record<'contractsExit' | 'contracts6m' | 'pathwaysExit', PeopleGroup[]>> {
  const rows = await db.selectFrom('steeringFacts as s').select(['s.entityType', 's.departement', 's.k1', 's.k2', sql<number>`sum(s.n)`.as('n')])
    .where('s.fact', '=', 'outcome').groupBy(['s.entityType', 's.departement', 's.k1', 's.k2']).execute();
  const out = { contractsExit: [] as PeopleGroup[], contracts6m: [] as PeopleGroup[], pathwaysExit: [] as PeopleGroup[] };
  for (const r of rows) {
    const id = measures.ofKind.get(KIND_OF_ENTITY[r.entityType]);
    if (id === undefined || !(r.k1 in out)) continue;
    out[r.k1 as keyof typeof out].push({ m: measureKey(id), d: r.departement, count: n(r.n), rows: { situation: r.k2 } });
  }
  return out;
}

/** NAF sections as unions of their divisions. */
function sectorGroups(groups: (PeopleGroup & { section: string })[]) {
  const sections = new Map<string, Set<string>>();
  for (const g of groups) (sections.get(g.section) ?? sections.set(g.section, new Set()).get(g.section)!).add(g.rows.sector);
  return [...sections].map(([section, members]) => ({ key: `s:${section}`, members: [...members] }));
}

export interface Secrecy {
  /** The view's level in the cubes, or null when its figures of people are withheld. */
  level: Level | null;
  /** Whether a figure of people of this view is hidden: a row of a table, or its total (row ALL). */
  hidden(population: Population, table: string, row: string): boolean;
  /** A figure of people of the view, from its cube: null when hidden (always, when the view withholds them). */
  figure(population: Population, table: string, row: string): number | null;
  /** The total of one département within the view, null when hidden. */
  figureInDepartement(population: Population, departement: string): number | null;
  /** The rows of a table that hold people in the view (by département for the territory: table ALL). */
  rowsWithPeople(population: Population, table: string): string[];
  /** The same for a measure's own total within the view (the targets table). */
  hiddenForMeasure(population: Population, measureId: number, table?: string, row?: string): boolean;
}

interface Cubes { measures: Measures; cubes: Record<Population, ProtectedCube> }
type Entry = { key: string; cubes: Promise<Cubes> };
/**
 * The cubes of a database, whatever connection reads it (a transaction, the copy a worker builds): a
 * SQLite database by its handle, a PostgreSQL one by its schema (every pool of a process on that
 * schema reads the same data).
 */
const keptBySqlite = new WeakMap<object, Entry>();
const keptByPostgres = new Map<string, Entry>();
type Source = Pick<Database, 'db' | 'kind' | 'schema' | 'sqliteHandle'>;
const cache = (source: Source) => (source.sqliteHandle
  ? { get: () => keptBySqlite.get(source.sqliteHandle!), set: (e: Entry) => keptBySqlite.set(source.sqliteHandle!, e), drop: () => keptBySqlite.delete(source.sqliteHandle!) }
  : { get: () => keptByPostgres.get(source.schema ?? ''), set: (e: Entry) => keptByPostgres.set(source.schema ?? '', e), drop: () => keptByPostgres.delete(source.schema ?? '') });

async function buildCubes(db: Db, threshold: number): Promise<Cubes> {
  const measures = await readMeasures(db);
  const shapeMeasures = [...measures.byId].map(([id, m]) => ({ key: measureKey(id), programme: m.programme }));
  const [people, trainees, outcomes] = await Promise.all([peopleGroups(db, measures), traineeGroups(db, measures), outcomeGroups(db, measures)]);
  const shape = (tables: CubeShape['tables']): CubeShape => ({ measures: shapeMeasures, tables });
  // One after the other, each in slices: the server's thread stays free for requests meanwhile.
  const cubes = {
    people: await protectCubeSliced(people, shape([
      { id: 'sex' }, { id: 'age', groups: ageGroups }, { id: 'situation' }, { id: 'level' }, { id: 'area', withinDepartement: true }, { id: 'reserved' },
    ]), threshold),
    trainees: await protectCubeSliced(trainees, shape([{ id: 'size' }, { id: 'sector', groups: sectorGroups(trainees) }, { id: 'area', withinDepartement: true }]), threshold),
    contractsExit: await protectCubeSliced(outcomes.contractsExit, shape([{ id: 'situation' }]), threshold),
    contracts6m: await protectCubeSliced(outcomes.contracts6m, shape([{ id: 'situation' }]), threshold),
    pathwaysExit: await protectCubeSliced(outcomes.pathwaysExit, shape([{ id: 'situation' }]), threshold),
  };
  return { measures, cubes };
}

/**
 * The secrecy of one view. The cubes are protected once per state of the facts of people
 * (`version`: the people version of steering_state) and threshold, and shared by every view.
 */
export async function viewSecrecy(source: Source, filters: SteeringFilters, threshold: number, version: number): Promise<Secrecy> {
  const { db } = source;
  const key = `${version}|${threshold}`;
  const kept = cache(source);
  let entry = kept.get();
  if (!entry || entry.key !== key) {
    const built = { key, cubes: buildCubes(db, threshold) };
    entry = built;
    kept.set(built);
    built.cubes.catch(() => { if (kept.get() === built) kept.drop(); });
  }
  const { measures, cubes } = await entry.cubes;
  const level = levelOf(filters, measures);
  const hiddenAt = (population: Population, m: string, d: string, table: string, row: string) => {
    const cell = cubes[population].cell({ table, m, d, row });
    return !cell || cell.masked;
  };
  return {
    level,
    hidden: (population, table, row) => !level || hiddenAt(population, level.m, level.d, table, row),
    figure: (population, table, row) => {
      if (!level) return null;
      const cell = cubes[population].cell({ table, m: level.m, d: level.d, row });
      return !cell || cell.masked ? null : cell.value;
    },
    figureInDepartement: (population, departement) => {
      if (!level) return null;
      const cell = cubes[population].cell({ table: ALL, m: level.m, d: departement, row: ALL });
      return !cell || cell.masked ? null : cell.value;
    },
    rowsWithPeople: (population, table) => {
      if (!level) return [];
      if (table === ALL) return cubes[population].cells((c) => c.table === ALL && c.m === level.m && c.d !== ALL && (level.d === ALL || c.d === level.d) && c.row === ALL).map((c) => c.d);
      return cubes[population].cells((c) => c.table === table && c.m === level.m && c.d === level.d).map((c) => c.row);
    },
    hiddenForMeasure: (population, measureId, table = ALL, row = ALL) => {
      if (!level) return true;
      return hiddenAt(population, measureKey(measureId), level.d, table, row);
    },
  };
}

/**
 * Whether the trained employees (and their hours) of a programme or a measure are hidden, for
 * the reports that print them beside the dashboard (programme report, Acte I page): the same
 * cell of the same cube, so no report gives back what the dashboard hides.
 */
export async function traineesHidden(source: Source, filters: Pick<SteeringFilters, 'programme' | 'measure'>, threshold: number): Promise<boolean> {
  const version = Number((await source.db.selectFrom('steeringState').select('peopleVersion').where('id', '=', 1).executeTakeFirstOrThrow()).peopleVersion);
  return (await viewSecrecy(source, filters, threshold, version)).hidden('trainees', ALL, ALL);
}

/** Hides, in a table built from raw counts, the people figures the cube hides; `dependent` columns go with them. A zero reveals nobody. */
export function hideAlong(table: SteeringTable, hiddenRow: (key: string) => boolean, hiddenTotal: boolean, people: string, dependent: string[] = []): SteeringTable {
  const hide = (row: SteeringTable['rows'][number]) => {
    for (const column of [people, ...dependent]) {
      row.values[column] = null;
      if (!row.masked.includes(column)) row.masked.push(column);
    }
  };
  for (const row of table.rows) if ((row.values[people] ?? 0) !== 0 && hiddenRow(row.key)) hide(row);
  if (table.total && (table.total.values[people] ?? 0) !== 0 && hiddenTotal) hide(table.total);
  return table;
}
