import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { enqueueJob, registerJob } from '../platform/outbox/jobs.js';
import type { Dashboard, TableId } from './dashboard.js';
import { ensureFacts, factsState, rebuildFacts } from './factUpdates.js';
import { steeringFilters, type SteeringFilters } from './steeringFilters.js';
import { computeView } from './viewComputation.js';

/**
 * Kept dashboards. A view — one combination of filters — is a few grouped reads of
 * `steering_facts`, which every reader first brings up to the last committed write
 * (factUpdates.ts). The view is kept in `steering_snapshots` with the version of the
 * facts it was computed from: while no change was applied since, readers get the kept
 * text, otherwise one reader computes it again and the others wait for that one (single
 * flight: a promise per view in the process, an advisory lock per view on PostgreSQL).
 * A kept view is also dropped the next day: the secrecy threshold is dated.
 */
export const STEERING_REFRESH_JOB = 'steering.refresh';

export interface Freshness {
  /** 'snapshot': read from the table; 'live': computed for this request. */
  source: 'snapshot' | 'live';
  builtAt: string;
  /** The figures include every write committed before the reading began. */
  current: boolean;
}

type Db = Kysely<Schema>;

const FILTER_ORDER = ['programme', 'measure', 'funder', 'departement', 'section', 'from', 'to'] as const;

/** One key per combination of filters, whatever order they came in. */
export function snapshotKey(filters: SteeringFilters): string {
  const parts = new URLSearchParams();
  for (const name of FILTER_ORDER) {
    const value = filters[name];
    if (value !== undefined && value !== '') parts.set(name, value);
  }
  return parts.toString();
}

export function filtersOfKey(key: string): SteeringFilters {
  return steeringFilters.parse(Object.fromEntries(new URLSearchParams(key)));
}

/** A view as kept: its JSON text, parsed only when a caller needs the object. */
interface View { json: string; dashboard?: Dashboard; freshness: Freshness }

const VIEW_LOCKS = 0x5649_4557; // 'VIEW'
/** 32-bit FNV-1a of the view key: the second half of the view's advisory lock. */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h | 0;
}

async function kept(db: Db | Transaction<Schema>, key: string, version: number, today: string): Promise<View | null> {
  const row = await db.selectFrom('steeringSnapshots').select(['factsVersion', 'builtOn', 'builtAt', 'payload']).where('scopeKey', '=', key).executeTakeFirst();
  if (!row || Number(row.factsVersion) !== version || row.builtOn !== today) return null;
  return { json: row.payload, freshness: { source: 'snapshot', builtAt: new Date(row.builtAt).toISOString(), current: true } };
}

async function compute(ctx: AppContext, db: Db | Transaction<Schema>, key: string, applied: number): Promise<View> {
  const started = performance.now();
  // On the connection that holds the view's lock: readers waiting on that lock hold pool
  // connections too, and the computation must not wait for one of theirs.
  const { json, dashboard, version } = await computeView(ctx, db, filtersOfKey(key), applied);
  const builtAt = isoNow(ctx.clock);
  const row = { factsVersion: version, builtOn: builtAt.slice(0, 10), builtAt, buildMs: Math.round(performance.now() - started), payload: json };
  await db.insertInto('steeringSnapshots').values({ scopeKey: key, ...row })
    .onConflict((oc) => oc.column('scopeKey').doUpdateSet(row).where('steeringSnapshots.factsVersion', '<=', version))
    .execute();
  return { json, dashboard, freshness: { source: 'live', builtAt, current: true } };
}

const computing = new Map<string, Promise<View>>();

async function view(ctx: AppContext, filters: SteeringFilters): Promise<View> {
  const key = snapshotKey(filters);
  const { version } = await ensureFacts(ctx);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const found = await kept(ctx.database.db, key, version, today);
  if (found) return found;
  const flight = `${key}#${version}`;
  let pending = computing.get(flight);
  if (!pending) {
    pending = (ctx.database.kind === 'postgres'
      ? ctx.database.db.transaction().execute(async (trx) => {
        // Another process may be computing the same view: wait for it, then take its result.
        await sql`select pg_advisory_xact_lock(${VIEW_LOCKS}, ${keyHash(key)})`.execute(trx);
        return (await kept(trx, key, version, today)) ?? compute(ctx, trx, key, version);
      })
      : compute(ctx, ctx.database.db, key, version)).finally(() => computing.delete(flight));
    computing.set(flight, pending);
  }
  return pending;
}

/** The dashboard for these filters (one table of it when asked), from its kept view when still valid. */
export async function steeringDashboard(ctx: AppContext, filters: SteeringFilters, table?: TableId): Promise<{ dashboard: Dashboard; freshness: Freshness }> {
  const found = await view(ctx, filters);
  const dashboard = found.dashboard ?? (JSON.parse(found.json) as Dashboard);
  return { dashboard: table ? { ...dashboard, tables: dashboard.tables.filter((t) => t.id === table) } : dashboard, freshness: found.freshness };
}

/**
 * The same as JSON text with `extra` fields in front, for the dashboard route: a kept view
 * goes out as stored, without being parsed and serialised again (its text is most of the
 * time of a reading).
 */
export async function steeringDashboardJson(ctx: AppContext, filters: SteeringFilters, extra: Record<string, unknown>): Promise<string> {
  const found = await view(ctx, filters);
  const head = JSON.stringify({ ...extra, freshness: found.freshness });
  return `${head.slice(0, -1)},${found.json.slice(1)}`;
}

type RefreshPayload = { rebuild: true };

/**
 * Queues a full rebuild of the facts unless one is already waiting or running. The one
 * place that enqueues it: a unique job key belongs here.
 */
/** One refresh of a kind at a time in the queue, whichever processes ask for it: the job's key is unique while it waits or runs. */
async function enqueueRefresh(ctx: AppContext, payload: RefreshPayload): Promise<void> {
  await enqueueJob(ctx.database.db, isoNow(ctx.clock), STEERING_REFRESH_JOB, payload, { uniqueKey: `${STEERING_REFRESH_JOB}:${JSON.stringify(payload)}` });
}

/**
 * Recomputes the facts of every record (after a load that wrote no history), then drops
 * the kept views they make obsolete. Idempotent: a duplicated or retried job rebuilds again.
 */
export function registerSteeringRefreshJob(): void {
  registerJob(STEERING_REFRESH_JOB, async (ctx, _payload: RefreshPayload, progress) => {
    const { records } = await rebuildFacts(ctx, (done, total) => progress.report(total ? Math.round((done / total) * 100) : 100, `${done} dossiers sur ${total}`));
    const { version } = await factsState(ctx.database.db);
    await ctx.database.db.deleteFrom('steeringSnapshots').where('factsVersion', '<', version).execute();
    return { records };
  });
}

/** At server start, nothing is computed on the request path: a database never built gets its facts in the background. */
export async function warmSteering(ctx: AppContext): Promise<void> {
  if ((await factsState(ctx.database.db)).rebuiltAt === null) await enqueueRefresh(ctx, { rebuild: true });
}



