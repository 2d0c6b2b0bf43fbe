import type { Kysely, Transaction } from 'kysely';
import { sqliteFileOf } from '../platform/db/database.js';
import type { Schema } from '../platform/db/schema.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { workerPool } from '../platform/workers/workerPool.js';
import { buildDashboard, type Dashboard } from './dashboard.js';
import type { SteeringFilters } from './steeringFilters.js';

export interface ViewTask { file: string; filters: SteeringFilters; now: string; version: number }
/** The view as JSON text, and the facts version it was read from (the one applied, or a later one). */
export interface ViewResult { json: string; version: number }

/**
 * On a SQLite file, a view is computed in a worker thread with its own read-only connection
 * (WAL: it reads while the server writes): better-sqlite3 is synchronous, and the grouped
 * scans of an unfiltered view would hold the server's thread for seconds. One worker: the
 * server's thread keeps the other core.
 */
const computers = workerPool<ViewTask, ViewResult>({
  entry: new URL('./viewWorker.ts', import.meta.url),
  purpose: 'Le calcul de la vue de pilotage',
  size: 1,
  resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
  // A started worker holds some 30 Mo: it is ended soon after the last view, and starts again in a fraction of a second from the bundle.
  idleMs: 10_000,
});

/** Where views of this database are computed: in-memory SQLite cannot be opened by a second connection. */
export const viewsComputedOffThread = (ctx: AppContext) => sqliteFileOf(ctx.database) !== undefined;

/**
 * The view of these filters at facts `version`. On PostgreSQL and in-memory SQLite it is computed
 * here, on `db` (the connection holding the view's lock on PostgreSQL).
 */
export async function computeView(ctx: AppContext, db: Kysely<Schema> | Transaction<Schema>, filters: SteeringFilters, version: number): Promise<ViewResult & { dashboard?: Dashboard }> {
  const file = sqliteFileOf(ctx.database);
  if (file) return computers.run({ file, filters, now: isoNow(ctx.clock), version });
  const dashboard = await buildDashboard({ ...ctx, database: { ...ctx.database, db: db as Kysely<Schema> } }, filters);
  return { json: JSON.stringify(dashboard), dashboard, version };
}
