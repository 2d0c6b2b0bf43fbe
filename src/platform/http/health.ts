import type { FastifyReply } from 'fastify';
import type { Api } from './app.js';
import type { AppContext } from './context.js';
import { classifyDatabaseError } from '../actions/dbErrors.js';

export interface HealthCheck { name: 'database' | 'writable' | 'jobs'; ok: boolean; message: string }
export interface Readiness { status: 'ok' | 'unavailable'; database: string; checks: HealthCheck[] }

const DEFAULT_LATE_MINUTES = 10;
/** Larger than a page, so SQLite must find new room for it: a full disk or database refuses it. */
const PROBE_BYTES = 16 * 1024;

class ProbeRolledBack extends Error {}

function faultMessage(error: unknown): string {
  const fault = classifyDatabaseError(error);
  if (fault === 'disk_full') return 'Espace de stockage plein : la base refuse les écritures.';
  if (fault === 'unavailable') return 'La base de données ne répond pas.';
  return `La base de données a répondu par une erreur : ${error instanceof Error ? error.message : String(error)}`;
}

async function databaseCheck(ctx: AppContext): Promise<HealthCheck> {
  try {
    await ctx.database.db.selectFrom('organisations').select('id').limit(1).execute();
    return { name: 'database', ok: true, message: 'La base de données répond.' };
  } catch (error) {
    return { name: 'database', ok: false, message: faultMessage(error) };
  }
}

/** Writes a row and rolls it back: proves the database accepts writes, keeps nothing. */
async function writableCheck(ctx: AppContext): Promise<HealthCheck> {
  try {
    await ctx.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('healthProbes').values({ writtenAt: ctx.clock.now().toISOString(), filler: Buffer.alloc(PROBE_BYTES) }).execute();
      throw new ProbeRolledBack();
    });
    return { name: 'writable', ok: true, message: 'La base accepte les écritures.' };
  } catch (error) {
    if (error instanceof ProbeRolledBack) return { name: 'writable', ok: true, message: 'La base accepte les écritures.' };
    return { name: 'writable', ok: false, message: faultMessage(error) };
  }
}

/**
 * Jobs progress when none has waited long past its due time: a due job not yet claimed, or
 * one whose process stopped renewing its lease, for longer than `lateMinutes`.
 */
async function jobsCheck(ctx: AppContext): Promise<HealthCheck> {
  const lateMinutes = ctx.config.jobs?.lateMinutes ?? DEFAULT_LATE_MINUTES;
  const before = new Date(ctx.clock.now().getTime() - lateMinutes * 60_000).toISOString();
  try {
    const late = await ctx.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('count'))
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'pending'), eb('runAfter', '<', before)]),
        eb.and([eb('status', '=', 'running'), eb('leaseUntil', '<', before)]),
      ]))
      .executeTakeFirstOrThrow();
    const count = Number(late.count);
    return count === 0
      ? { name: 'jobs', ok: true, message: 'Les tâches de fond avancent.' }
      : { name: 'jobs', ok: false, message: `${count} tâche(s) de fond en retard de plus de ${lateMinutes} minutes : aucun processus ne les traite.` };
  } catch (error) {
    return { name: 'jobs', ok: false, message: faultMessage(error) };
  }
}

export async function readiness(ctx: AppContext): Promise<Readiness> {
  const database = await databaseCheck(ctx);
  const checks = database.ok ? [database, await writableCheck(ctx), await jobsCheck(ctx)] : [database];
  return { status: checks.every((c) => c.ok) ? 'ok' : 'unavailable', database: ctx.database.kind, checks };
}

/**
 * Liveness says the process answers (restart it if not); readiness says it can serve
 * (send it traffic if so): an unreachable or full database makes the process not ready,
 * never dead, and it becomes ready again by itself when the database is back.
 */
export function healthRoutes(app: Api, ctx: AppContext): void {
  const tags = ['plateforme'];
  app.get('/api/health/live', { config: { public: true }, schema: { tags, summary: 'Le processus répond (vivacité)' } }, async () => ({ status: 'ok' }));
  const ready = async (_request: unknown, reply: FastifyReply) => {
    const report = await readiness(ctx);
    if (report.status !== 'ok') reply.status(503).header('Retry-After', '10');
    return report;
  };
  app.get('/api/health/ready', { config: { public: true }, schema: { tags, summary: 'Le service peut servir : base joignable et inscriptible, tâches de fond à jour' } }, ready);
  app.get('/api/health', { config: { public: true }, schema: { tags, summary: 'État du service (comme /api/health/ready)' } }, ready);
}
