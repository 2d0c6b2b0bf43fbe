import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { Schema } from '../platform/db/schema.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { applyFactChange as applyCellChange } from './cells.js';
import { applyGroupChange } from './secrecyGroups.js';
import { ENTITY_TABLES, FACT_ENTITIES, factsOf, type Fact, type FactEntity } from './facts.js';

/**
 * Keeps `steering_facts` equal to the records. Every history event queues its entity in
 * `changed_entities` in the writer's transaction (migration 018); a reader of the steering
 * first applies what is queued (applyPendingChanges), so any view is exact right after a
 * write, and only the changed records are read again.
 *
 * One writer of facts at a time: on PostgreSQL a transaction-level advisory lock, taken
 * by every process before it touches the facts (a second reader waits for the first and
 * then finds the queue empty); on SQLite transactions begin IMMEDIATE, so they are already
 * serialised, and within a process one promise is shared by concurrent readers.
 *
 * Records written without history (the bench generator, a repair by hand) are not queued:
 * rebuildFacts() recomputes every record in bounded chunks (`npm run steering:rebuild`,
 * or the refresh job queued at server start when no full build was ever completed).
 */
type Db = Kysely<Schema>;
type Trx = Transaction<Schema>;

const FACTS_LOCK = 0x5354_4552; // 'STER'
const BATCH = 500;
// A chunk is one transaction, and on SQLite one synchronous stretch of the server's thread:
// 500 records keep it to a fraction of a second at national scale (docs/benchmarks.md).
const CHUNK = 500;

async function lockFacts(trx: Trx, kind: Database['kind']): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${FACTS_LOCK})`.execute(trx);
}

/** What sums the facts follows their change in the same transaction: the monthly cells and the secrecy groups. */
async function applyFactChange(trx: Trx, before: Fact[], after: Fact[]): Promise<void> {
  await applyCellChange(trx, before, after);
  await applyGroupChange(trx, before, after);
}

const INSERT_ROWS = 500;
async function writeFacts(trx: Trx, facts: Fact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += INSERT_ROWS) await trx.insertInto('steeringFacts').values(facts.slice(i, i + INSERT_ROWS)).execute();
}

/** The records whose facts a changed entity moves: itself, or an organisation's Acte II records. */
async function recordsOf(trx: Trx, changes: { entityType: string; entityId: number }[]): Promise<Map<FactEntity, number[]>> {
  const out = new Map<FactEntity, Set<number>>(FACT_ENTITIES.map((e) => [e, new Set<number>()]));
  const organisations: number[] = [];
  for (const c of changes) {
    if ((FACT_ENTITIES as readonly string[]).includes(c.entityType)) out.get(c.entityType as FactEntity)!.add(Number(c.entityId));
    else if (c.entityType === 'organisation') organisations.push(Number(c.entityId));
  }
  if (organisations.length) {
    // Their département and employment area are those of the company or the agency.
    const [contracts, pathways, pairs] = await Promise.all([
      trx.selectFrom('proContracts').select('id').where('companyId', 'in', organisations).execute(),
      trx.selectFrom('tempPathways').select('id').where('agencyId', 'in', organisations).execute(),
      trx.selectFrom('pairs').select('id').where('companyId', 'in', organisations).execute(),
    ]);
    for (const r of contracts) out.get('proContract')!.add(r.id);
    for (const r of pathways) out.get('tempPathway')!.add(r.id);
    for (const r of pairs) out.get('pair')!.add(r.id);
  }
  return new Map([...out].map(([e, ids]) => [e, [...ids]]));
}

/** A fact as text, to compare the facts a record had with those it has now (numbers come back as strings from some drivers). */
const factText = (f: Fact) => JSON.stringify([f.entityType, Number(f.entityId), f.fact, Number(f.measureId), f.funders, f.departement, f.area, f.section, f.day, f.k1, f.k2, f.k3, f.k4, Number(f.n), Number(f.v1)]);

/** The facts the secrecy cubes are built from (secrecyViews.ts): when none of them moves, the cubes are kept. */
const PEOPLE_FACTS = new Set(['person', 'company', 'outcome', 'contract']);

/** Rewrites the facts of these records; says whether any of them changed (a draft, a note, a login… change none), and any figure of people. */
async function refreshRecords(trx: Trx, entity: FactEntity, ids: number[]): Promise<{ changed: boolean; people: boolean }> {
  let changed = false;
  let people = false;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const before = await trx.deleteFrom('steeringFacts').where('entityType', '=', entity).where('entityId', 'in', batch).returningAll().execute();
    const after = await factsOf(trx, entity, batch);
    await writeFacts(trx, after);
    await applyFactChange(trx, before, after);
    const text = (facts: Fact[]) => facts.map(factText).sort().join('\n');
    if (text(before) !== text(after)) changed = true;
    const ofPeople = (facts: Fact[]) => facts.filter((f) => PEOPLE_FACTS.has(f.fact));
    if (text(ofPeople(before)) !== text(ofPeople(after))) people = true;
  }
  return { changed, people };
}

const bumpVersion = (trx: Trx, people: boolean) => trx.updateTable('steeringState')
  .set((eb) => ({ version: eb('version', '+', 1), ...(people ? { peopleVersion: eb('peopleVersion', '+', 1) } : {}) })).where('id', '=', 1).execute();

/** Applies one batch of queued changes; false when the queue was empty. */
async function applyBatch(database: Database): Promise<boolean> {
  return database.db.transaction().execute(async (trx) => {
    await lockFacts(trx, database.kind);
    const changes = await trx.deleteFrom('changedEntities')
      .where('id', 'in', (eb) => eb.selectFrom('changedEntities').select('id').orderBy('id').limit(BATCH))
      .returning(['entityType', 'entityId']).execute();
    if (!changes.length) return false;
    let changed = false;
    let people = false;
    for (const [entity, ids] of await recordsOf(trx, changes)) {
      const moved = await refreshRecords(trx, entity, ids);
      changed ||= moved.changed;
      people ||= moved.people;
    }
    // Kept views stay valid when no figure moved (a draft, a user's change…); a programme's change moves
    // the parts read live (targets, envelopes, measures), and the measures the cubes are laid out by.
    const programme = changes.some((c) => c.entityType === 'programme');
    if (changed || programme) await bumpVersion(trx, people || programme);
    return true;
  });
}

const running = new WeakMap<Database, Promise<void>>();

/** Single flight within the process; across processes the advisory lock (or SQLite's write lock) serialises. */
function once(database: Database, work: () => Promise<void>): Promise<void> {
  const current = running.get(database);
  if (current) return current;
  const started = work().finally(() => running.delete(database));
  running.set(database, started);
  return started;
}

/** Brings the facts up to the last committed write. Cheap when nothing is queued: one index probe. */
export async function applyPendingChanges(database: Database): Promise<void> {
  const pending = await database.db.selectFrom('changedEntities').select('id').limit(1).executeTakeFirst();
  if (!pending) return;
  await once(database, async () => { while (await applyBatch(database)) { /* until the queue is empty */ } });
}

export interface FactsState { version: number; rebuiltAt: string | null; /** Raised only when figures of people move: the secrecy cubes' key. */ peopleVersion: number }
export async function factsState(db: Db): Promise<FactsState> {
  const row = await db.selectFrom('steeringState').select(['version', 'rebuiltAt', 'peopleVersion']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { version: Number(row.version), rebuiltAt: row.rebuiltAt, peopleVersion: Number(row.peopleVersion) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recomputes the facts of every record, a chunk of ids per transaction, yielding to the
 * event loop between chunks (on SQLite the queries run on the server's thread). The state
 * says « never built » until the last chunk, so a process killed midway starts again.
 */
export async function rebuildFacts(ctx: Pick<AppContext, 'database' | 'clock'>, onProgress?: (done: number, total: number) => Promise<void> | void): Promise<{ records: number }> {
  const { database } = ctx;
  const { db } = database;
  await db.transaction().execute(async (trx) => {
    await lockFacts(trx, database.kind);
    await trx.updateTable('steeringState').set({ rebuiltAt: null }).where('id', '=', 1).execute();
    // The cells and groups are rebuilt from nothing, by the same differences as the chunks' facts: a cell
    // changed by hand is repaired, and a change applied meanwhile keeps both exact.
    await trx.deleteFrom('steeringCells').execute();
    await trx.deleteFrom('secrecyGroups').execute();
    await trx.deleteFrom('steeringFacts').execute();
  });
  const totals = await Promise.all(FACT_ENTITIES.map(async (e) => Number((await db.selectFrom(ENTITY_TABLES[e]).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0)));
  const total = totals.reduce((a, b) => a + b, 0);
  let done = 0;
  for (const entity of FACT_ENTITIES) {
    let after = 0;
    for (;;) {
      const ids = (await db.selectFrom(ENTITY_TABLES[entity]).select('id').where('id', '>', after).orderBy('id').limit(CHUNK).execute()).map((r) => r.id);
      const upTo = ids.length === CHUNK ? ids[ids.length - 1] : 2 ** 31 - 1; // the last chunk takes the rest of the id range
      await db.transaction().execute(async (trx) => {
        await lockFacts(trx, database.kind);
        // The range, not the ids: facts of records deleted since are dropped with it.
        const before = await trx.deleteFrom('steeringFacts').where('entityType', '=', entity).where('entityId', '>', after).where('entityId', '<=', upTo).returningAll().execute();
        const now = await factsOf(trx, entity, ids);
        await writeFacts(trx, now);
        await applyFactChange(trx, before, now);
      });
      done += ids.length;
      await onProgress?.(done, total);
      await yieldToEventLoop();
      if (ids.length < CHUNK) break;
      after = upTo;
    }
  }
  await db.transaction().execute(async (trx) => {
    await lockFacts(trx, database.kind);
    await applyFactChange(trx, await trx.deleteFrom('steeringFacts').where('entityType', 'not in', [...FACT_ENTITIES]).returningAll().execute(), []);
    await trx.updateTable('steeringState').set((eb) => ({ version: eb('version', '+', 1), peopleVersion: eb('peopleVersion', '+', 1), rebuiltAt: isoNow(ctx.clock) })).where('id', '=', 1).execute();
  });
  return { records: done };
}

const rebuilding = new WeakMap<Database, Promise<unknown>>();

/** The facts after at least one complete build: the first reader of a fresh database waits for it. */
export async function ensureFacts(ctx: Pick<AppContext, 'database' | 'clock'>): Promise<FactsState> {
  let state = await factsState(ctx.database.db);
  if (state.rebuiltAt === null) {
    const current = rebuilding.get(ctx.database) ?? rebuildFacts(ctx).finally(() => rebuilding.delete(ctx.database));
    rebuilding.set(ctx.database, current);
    await current;
  }
  await applyPendingChanges(ctx.database);
  state = await factsState(ctx.database.db);
  return state;
}
