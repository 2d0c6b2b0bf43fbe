import { sql, type Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { enqueueJob, registerJob } from '../platform/outbox/jobs.js';
import { buildDashboard, type Dashboard, type TableId } from './dashboard.js';
import { steeringFilters, type SteeringFilters } from './steeringFilters.js';
import { offeredDepartements } from './steeringQueries.js';
import { FUNDERS } from '../programmes/funders.js';

/**
 * Kept dashboards. At national scale a view aggregates millions of rows (seconds of SQL),
 * so each view — one combination of filters — is kept in `steering_snapshots` once computed,
 * with the id of the last history event it includes. Every business change writes a history
 * event in its own transaction, so « the newest history id is still the one in the snapshot »
 * proves the figures are current, at the cost of one index lookup. The views of standardKeys()
 * are computed in advance (at server start and every night); any other combination is kept
 * from its first reading on.
 *
 * A snapshot that history has overtaken is still shown, with its date, while a background
 * job recomputes it — but only for `steeringStaleSeconds` (config); past that, or the next
 * day (the secrecy threshold is dated), the reader waits for fresh figures.
 */
export const STEERING_REFRESH_JOB = 'steering.refresh';

export interface Freshness {
  /** 'snapshot': read from the table; 'live': computed for this request. */
  source: 'snapshot' | 'live';
  builtAt: string;
  /** False while newer changes are being taken into account by the refresh job. */
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

export async function historyMark(db: Db): Promise<number> {
  const row = await db.selectFrom('historyEvents').select(sql<number>`max(id)`.as('mark')).executeTakeFirst();
  return Number(row?.mark ?? 0);
}

/** Computes a view and keeps it; concurrent builds keep the one that includes the most history. */
async function rebuild(ctx: AppContext, key: string): Promise<View> {
  const { db } = ctx.database;
  const mark = await historyMark(db);
  const started = performance.now();
  const dashboard = await buildDashboard(ctx, filtersOfKey(key));
  const builtAt = isoNow(ctx.clock);
  const json = JSON.stringify(dashboard);
  const row = { historyMark: mark, builtOn: builtAt.slice(0, 10), builtAt, buildMs: Math.round(performance.now() - started), payload: json };
  await db.insertInto('steeringSnapshots').values({ scopeKey: key, ...row })
    .onConflict((oc) => oc.column('scopeKey').doUpdateSet(row).where('steeringSnapshots.historyMark', '<=', mark))
    .execute();
  return { json, dashboard, freshness: { source: 'live', builtAt, current: true } };
}

type RefreshPayload = { key: string } | { all: true; nightly?: true };

/** Queues a refresh (now, or at `at`) unless the same one is already waiting or running (other than `running`, the caller). */
async function enqueueRefresh(ctx: AppContext, payload: RefreshPayload, at = isoNow(ctx.clock), running?: number): Promise<void> {
  const { db } = ctx.database;
  const waiting = await db.selectFrom('jobs').select('id').where('kind', '=', STEERING_REFRESH_JOB)
    .where('status', 'in', ['pending', 'running']).where('payload', '=', JSON.stringify(payload))
    .$if(running !== undefined, (q) => q.where('id', '<>', running!)).executeTakeFirst();
  if (!waiting) await enqueueJob(db, at, STEERING_REFRESH_JOB, payload);
}

/** Five past midnight UTC after `now`: the standard views are recomputed before the day's first reader. */
function nextNight(now: Date): string {
  const night = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 5));
  return night.toISOString();
}

/** A view as kept: its JSON text, parsed only when a caller needs the object. */
interface View { json: string; dashboard?: Dashboard; freshness: Freshness }

async function view(ctx: AppContext, filters: SteeringFilters): Promise<View> {
  const key = snapshotKey(filters);
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const [kept, mark] = await Promise.all([
    db.selectFrom('steeringSnapshots').select(['historyMark', 'builtOn', 'builtAt', 'payload']).where('scopeKey', '=', key).executeTakeFirst(),
    historyMark(db),
  ]);
  if (kept && kept.builtOn === now.toISOString().slice(0, 10)) {
    const builtAt = new Date(kept.builtAt).toISOString();
    const current = Number(kept.historyMark) >= mark;
    const patience = ctx.config.steeringStaleSeconds ?? 0;
    if (current || (patience > 0 && now.getTime() - Date.parse(builtAt) <= patience * 1000)) {
      if (!current) await enqueueRefresh(ctx, { key });
      return { json: kept.payload, freshness: { source: 'snapshot', builtAt, current } };
    }
  }
  return rebuild(ctx, key);
}

/** The dashboard for these filters (one table of it when asked), from its kept view when still valid. */
export async function steeringDashboard(ctx: AppContext, filters: SteeringFilters, table?: TableId): Promise<{ dashboard: Dashboard; freshness: Freshness }> {
  const kept = await view(ctx, filters);
  const dashboard = kept.dashboard ?? (JSON.parse(kept.json) as Dashboard);
  return { dashboard: table ? { ...dashboard, tables: dashboard.tables.filter((t) => t.id === table) } : dashboard, freshness: kept.freshness };
}

/**
 * The same as JSON text with `extra` fields in front, for the dashboard route: a kept view
 * goes out as stored, without being parsed and serialised again (its text is most of the
 * time of a reading).
 */
export async function steeringDashboardJson(ctx: AppContext, filters: SteeringFilters, extra: Record<string, unknown>): Promise<string> {
  const kept = await view(ctx, filters);
  const head = JSON.stringify({ ...extra, freshness: kept.freshness });
  return `${head.slice(0, -1)},${kept.json.slice(1)}`;
}

/**
 * The views kept ready: everything, each programme, each measure — and, at night, every view
 * with a single filter of the filter bar (each département offered, funder, NAF section), so
 * that picking one filter never waits for a computation. The server start keeps to the
 * plenary's views: on SQLite each computation holds the process for seconds at national scale.
 */
export async function standardKeys(db: Db, options: { nightly?: boolean } = {}): Promise<string[]> {
  const measures = await db.selectFrom('measures as m').innerJoin('programmes as p', 'p.id', 'm.programmeId').select(['m.code', 'p.code as programme']).orderBy('m.id').execute();
  const programmes = [...new Set(measures.map((m) => m.programme))];
  const plenary = [
    snapshotKey({}),
    ...programmes.map((programme) => snapshotKey({ programme })),
    ...measures.map((m) => snapshotKey({ measure: m.code })),
  ];
  if (!options.nightly) return plenary;
  const [departements, sections] = await Promise.all([offeredDepartements(db), db.selectFrom('nafSections').select('code').orderBy('code').execute()]);
  return [
    ...plenary,
    ...departements.map((departement) => snapshotKey({ departement })),
    ...FUNDERS.map((funder) => snapshotKey({ funder })),
    ...sections.map((s) => snapshotKey({ section: s.code })),
  ];
}

/**
 * Recomputes the asked view, or every standard view that history has overtaken (payload
 * `{ all: true }`: queued when the server starts and then every night, which also drops the
 * finer views kept on earlier days). Idempotent: a duplicated or retried job finds the
 * snapshots current.
 */
export function registerSteeringRefreshJob(): void {
  registerJob(STEERING_REFRESH_JOB, async (ctx, payload: { key?: string; all?: boolean; nightly?: boolean }, progress, job) => {
    const { db } = ctx.database;
    const today = isoNow(ctx.clock).slice(0, 10);
    const keys = payload.all ? await standardKeys(db, { nightly: payload.nightly }) : [payload.key ?? ''];
    if (payload.all) await db.deleteFrom('steeringSnapshots').where('builtOn', '<', today).where('scopeKey', 'not in', keys).execute();
    const mark = await historyMark(db);
    const kept = new Map((await db.selectFrom('steeringSnapshots').select(['scopeKey', 'historyMark', 'builtOn']).where('scopeKey', 'in', keys).execute())
      .map((row) => [row.scopeKey, row]));
    let rebuilt = 0;
    for (const [i, key] of keys.entries()) {
      const view = kept.get(key);
      if (!view || Number(view.historyMark) < mark || view.builtOn !== today) { await rebuild(ctx, key); rebuilt++; }
      await progress.report(Math.round(((i + 1) / keys.length) * 100), `Vue ${i + 1} sur ${keys.length}`);
    }
    if (payload.all) await enqueueRefresh(ctx, { all: true, nightly: true }, nextNight(ctx.clock.now()), job.id);
    return { views: keys.length, rebuilt };
  });
}

/** Queues the refresh of every standard view (server start): the first reader finds them ready. */
export const warmSteering = (ctx: AppContext) => enqueueRefresh(ctx, { all: true });
