import { sql, type Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { withSqliteWriter, type Database } from '../platform/db/database.js';
import type { SteeringFilters } from './steeringFilters.js';
import { AGE_BANDS } from './statistics.js';
import { ALL, programmeLevel, protectCubeSliced, type Change, type CubeShape, type PeopleGroup, type ProtectedCube } from './secrecyCube.js';
import { groupsOf } from './secrecyGroups.js';
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

/** The people reached, from their groups (their age band and ISCED group are the cube's rows). */
async function peopleGroups(db: Db, measures: Measures): Promise<PeopleGroup[]> {
  const out: PeopleGroup[] = [];
  for (const r of await groupsOf(db, 'person')) {
    const id = r.entityType === 'fundingRequest' ? Number(r.measureId) : measures.ofKind.get(KIND_OF_ENTITY[r.entityType]);
    if (id === undefined || !measures.byId.has(id)) continue;
    const rowsOf: Record<string, string> = {
      sex: r.k1, age: r.k2, situation: r.k3, level: r.k4, area: r.area,
    };
    // Only a contract's person is counted as reserved for a pair or not.
    if (r.reserved !== '') rowsOf.reserved = r.reserved;
    out.push({ m: measureKey(id), d: r.departement, rows: rowsOf, count: n(r.n) });
  }
  return out;
}

async function traineeGroups(db: Db, measures: Measures): Promise<(PeopleGroup & { section: string })[]> {
  return (await groupsOf(db, 'company')).filter((r) => r.entityType === 'fundingRequest' && measures.byId.has(Number(r.measureId))).map((r) => ({
    m: measureKey(Number(r.measureId)), d: r.departement, count: n(r.n),
    rows: { size: r.k2, sector: `d:${r.k3}`, area: r.area }, section: r.section,
  }));
}

async function outcomeGroups(db: Db, measures: Measures): Promise<Record<'contractsExit' | 'contracts6m' | 'pathwaysExit', PeopleGroup[]>> {
  const out = { contractsExit: [] as PeopleGroup[], contracts6m: [] as PeopleGroup[], pathwaysExit: [] as PeopleGroup[] };
  for (const r of await groupsOf(db, 'outcome')) {
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

interface Cubes {
  /** The people version the groups were read at. */
  version: number;
  measures: Measures;
  cubes: Record<Population, ProtectedCube>;
  /** Each cube's groups and shape, and its changes, as text: a cube whose inputs and kept changes did not move is not protected again. */
  inputs: Record<Population, string>;
  changes: Record<Population, string>;
  /** The populations whose protection this call computed and kept (the others were read or reused). */
  protectedHere: Population[];
}
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

const POPULATIONS: Population[] = ['people', 'trainees', 'contractsExit', 'contracts6m', 'pathwaysExit'];
const SECRECY_LOCK = 0x5345_4352; // 'SECR'

/** The changes kept for each population at this threshold, with the people version they protect. */
async function storedProtections(db: Db, threshold: number): Promise<Map<string, { version: number; changes: string }>> {
  const rows = await db.selectFrom('secrecyProtections').select(['population', 'peopleVersion', 'changes']).where('threshold', '=', threshold).execute();
  return new Map(rows.map((r) => [r.population, { version: Number(r.peopleVersion), changes: r.changes }]));
}

interface State { version: number; measures: Measures; inputs: Record<Population, [PeopleGroup[], CubeShape]> }

/** Each cube's groups and shape. */
async function readState(db: Db): Promise<State> {
  const version = await peopleVersion(db);
  const measures = await readMeasures(db);
  const [people, trainees, outcomes] = await Promise.all([peopleGroups(db, measures), traineeGroups(db, measures), outcomeGroups(db, measures)]);
  const shapeMeasures = [...measures.byId].map(([id, m]) => ({ key: measureKey(id), programme: m.programme }));
  const shape = (tables: CubeShape['tables']): CubeShape => ({ measures: shapeMeasures, tables });
  return {
    version, measures, inputs: {
      people: [people, shape([
        { id: 'sex' }, { id: 'age', groups: ageGroups }, { id: 'situation' }, { id: 'level' }, { id: 'area', withinDepartement: true }, { id: 'reserved' },
      ])],
      trainees: [trainees, shape([{ id: 'size' }, { id: 'sector', groups: sectorGroups(trainees) }, { id: 'area', withinDepartement: true }])],
      contractsExit: [outcomes.contractsExit, shape([{ id: 'situation' }])],
      contracts6m: [outcomes.contracts6m, shape([{ id: 'situation' }])],
      pathwaysExit: [outcomes.pathwaysExit, shape([{ id: 'situation' }])],
    },
  };
}

/** The groups of one state: on PostgreSQL each statement reads at its own moment, so they are read again if a write came in between. */
async function consistentState(db: Db): Promise<State> {
  for (let attempt = 0; ; attempt++) {
    const state = await readState(db);
    if (attempt >= 2 || (await peopleVersion(db)) === state.version) return state;
  }
}

/**
 * The cubes at the people version the groups are read at. Their protection is the one kept for
 * that version when there is one — every process publishes the same masks of a state — and
 * otherwise is computed from the changes kept for the version before, then kept: on PostgreSQL
 * under a lock, so that one process computes while the others wait and read it; on SQLite the
 * views of a database are computed one at a time and the changes are written after.
 */
async function buildCubes(source: Source, threshold: number, before: Cubes | undefined): Promise<Cubes> {
  const { db } = source;
  const inLock = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
    if (source.kind !== 'postgres') return work(db);
    const locked = async (trx: Db) => { await sql`select pg_advisory_xact_lock(${SECRECY_LOCK})`.execute(trx); return work(trx); };
    return db.isTransaction ? locked(db) : db.transaction().execute(locked);
  };
  const built = await inLock(async (trx) => {
    const state = await consistentState(trx);
    const stored = await storedProtections(trx, threshold);
    const cubes = {} as Cubes['cubes'];
    const inputs = {} as Cubes['inputs'];
    const changes = {} as Cubes['changes'];
    const protectedHere: Population[] = [];
    // One after the other, each in slices: the server's thread stays free for requests meanwhile.
    for (const population of POPULATIONS) {
      const previous = stored.get(population);
      inputs[population] = JSON.stringify(state.inputs[population]);
      // A write of trainees moves no outcome: that cube stays as it was, if its kept changes are still those it was protected with.
      const reused = previous !== undefined && before?.inputs[population] === inputs[population] && before.changes[population] === previous.changes;
      cubes[population] = reused ? before!.cubes[population] : await protectCubeSliced(...state.inputs[population], threshold, previous ? JSON.parse(previous.changes) as Change[] : []);
      changes[population] = reused ? previous.changes : JSON.stringify(cubes[population].changes);
      if (!previous || previous.version !== state.version || previous.changes !== changes[population]) protectedHere.push(population);
    }
    const out: Cubes = { version: state.version, measures: state.measures, cubes, inputs, changes, protectedHere };
    if (source.kind === 'postgres') await keepProtections(trx, threshold, out);
    return out;
  });
  // On SQLite the reading connection may be a worker's read-only one: a short writing connection keeps them.
  if (source.kind !== 'postgres' && built.protectedHere.length) {
    const handle = source.sqliteHandle;
    // Kept only to start the next version from: a writer holding the file past the wait costs a search, not the view.
    try {
      await (handle?.readonly ? withSqliteWriter(handle.name, (writer) => keepProtections(writer, threshold, built)) : keepProtections(db, threshold, built));
    } catch { /* the next version searches the cells again */ }
  }
  return built;
}

/** The cubes of the current state, without this process's copy: what two processes meeting on a new state each get. */
export const currentCubes = (source: Source, threshold: number) => buildCubes(source, threshold, undefined);

const peopleVersion = async (db: Db) => Number((await db.selectFrom('steeringState').select('peopleVersion').where('id', '=', 1).executeTakeFirstOrThrow()).peopleVersion);

/** Keeps the changes protected here, in one statement, unless a later version was kept meanwhile. */
async function keepProtections(db: Db, threshold: number, cubes: Cubes): Promise<void> {
  if (!cubes.protectedHere.length) return;
  await db.insertInto('secrecyProtections')
    .values(cubes.protectedHere.map((population) => ({ population, threshold, peopleVersion: cubes.version, changes: cubes.changes[population] })))
    .onConflict((oc) => oc.columns(['population', 'threshold'])
      .doUpdateSet((eb) => ({ peopleVersion: eb.ref('excluded.peopleVersion'), changes: eb.ref('excluded.changes') }))
      .where('secrecyProtections.peopleVersion', '<=', cubes.version))
    .execute();
}

/**
 * The secrecy of one view. The cubes are protected once per state of the facts of people
 * (`version`: the people version of steering_state) and threshold, and shared by every view.
 */
export async function viewSecrecy(source: Source, filters: SteeringFilters, threshold: number, version: number): Promise<Secrecy> {
  const key = `${version}|${threshold}`;
  const kept = cache(source);
  let entry = kept.get();
  if (!entry || entry.key !== key) {
    const previous = entry;
    const built = { key, cubes: (previous?.cubes.catch(() => undefined) ?? Promise.resolve(undefined)).then((before) => buildCubes(source, threshold, before)) };
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
