import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.js';
import { RetryLater } from '../http/errors.js';
import { actorFromRequest } from '../identity/sessions.js';

/** What a route costs: it reads or aggregates far more than one page of data. */
export type CostlyKind = 'dashboard' | 'report' | 'export' | 'import';

export interface CostlyLimits {
  /** Costly requests one user may start in any minute, all kinds together. */
  perUserPerMinute: number;
  /** Costly requests of one user running at the same time. */
  perUserConcurrent: number;
  /** Costly requests running at the same time on the whole platform, every server process together. */
  concurrent: number;
  /** A process that dies mid-computation leaves its row; the slot is free again after this. */
  leaseSeconds: number;
}

/** Two cores run a computation each, with two more waiting on the database; a user seldom needs more than one. */
export const DEFAULT_COSTLY_LIMITS: CostlyLimits = { perUserPerMinute: 30, perUserConcurrent: 2, concurrent: 4, leaseSeconds: 300 };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a costly route: the limits of src/platform/limits/costlyWork.ts apply to it. */
    costly?: CostlyKind;
  }
  interface FastifyRequest { costlyWorkId?: string }
}

const MINUTE = 60_000;
/** Seconds a refused caller is told to wait for a slot: computations of the demo scale last about that. */
const SLOT_RETRY_SECONDS = 5;

/**
 * Counts, then takes a slot, in one transaction that only one process at a time runs (an
 * advisory lock on PostgreSQL; SQLite's immediate transactions are already one at a time),
 * so the caps hold however many server processes share the database.
 */
export async function startCostlyWork(ctx: AppContext, userId: number, kind: CostlyKind, limits: CostlyLimits): Promise<string> {
  const now = ctx.clock.now().getTime();
  const at = (ms: number) => new Date(ms).toISOString();
  const id = randomUUID();
  await ctx.database.db.transaction().execute(async (trx) => {
    if (ctx.database.kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('parcours.costly_work'))`.execute(trx);
    // Rows older than the rate window and the lease serve no count any more.
    await trx.deleteFrom('costlyWork').where('startedAt', '<', at(now - Math.max(MINUTE, limits.leaseSeconds * 1000))).execute();
    const recent = await trx.selectFrom('costlyWork').select('startedAt')
      .where('userId', '=', userId).where('startedAt', '>', at(now - MINUTE)).orderBy('startedAt').execute();
    if (recent.length >= limits.perUserPerMinute) {
      const wait = Math.max(1, Math.ceil((Date.parse(recent[recent.length - limits.perUserPerMinute].startedAt) + MINUTE - now) / 1000));
      throw new RetryLater(`Vous avez lancé ${limits.perUserPerMinute} calculs coûteux (tableaux de bord, rapports, exports, imports) en une minute, le maximum : réessayez dans ${wait} secondes.`, wait);
    }
    const running = await trx.selectFrom('costlyWork').select('userId')
      .where('finishedAt', 'is', null).where('leaseUntil', '>', at(now)).execute();
    // Reports and imports go on in a background job after the answer: the user's jobs not yet
    // finished count as running too, so that no one queues more work than they may run.
    const queued = kind === 'report' || kind === 'import'
      ? Number((await trx.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('createdBy', '=', userId).where('status', 'in', ['pending', 'running']).executeTakeFirstOrThrow()).n)
      : 0;
    if (running.filter((r) => r.userId === userId).length + queued >= limits.perUserConcurrent) {
      throw new RetryLater(`Vous avez déjà ${limits.perUserConcurrent} calculs coûteux en cours : attendez qu’ils se terminent, puis réessayez dans ${SLOT_RETRY_SECONDS} secondes.`, SLOT_RETRY_SECONDS);
    }
    if (running.length >= limits.concurrent) {
      throw new RetryLater(`Le service calcule déjà autant de tableaux de bord, rapports, exports et imports qu’il le peut à la fois : réessayez dans ${SLOT_RETRY_SECONDS} secondes.`, SLOT_RETRY_SECONDS);
    }
    await trx.insertInto('costlyWork').values({ id, kind, userId, startedAt: at(now), leaseUntil: at(now + limits.leaseSeconds * 1000), finishedAt: null }).execute();
  });
  return id;
}

export async function finishCostlyWork(ctx: AppContext, id: string): Promise<void> {
  await ctx.database.db.updateTable('costlyWork').set({ finishedAt: ctx.clock.now().toISOString() }).where('id', '=', id).execute();
}

/**
 * One hook for every route declared `config: { costly: … }`: after validation (a refused request
 * costs nothing), a signed-in caller takes a slot or gets a 429 with `Retry-After`; the slot is
 * given back once the body is computed — a streamed export holds it to its last byte.
 * Anonymous callers go on to the route, which answers 401. The limits are those of the
 * configuration, read at each request; the server always sets them (src/server/config.ts), an
 * app built without them (tests of other modules on a frozen clock, the benchmark) has none.
 */
export function installCostlyLimits(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('preHandler', async (request) => {
    const kind = request.routeOptions.config.costly;
    const limits = ctx.config.costlyLimits;
    if (!kind || !limits) return;
    const actor = await actorFromRequest(ctx, request);
    if (actor) request.costlyWorkId = await startCostlyWork(ctx, actor.userId, kind, limits);
  });
  const release = async (request: FastifyRequest) => {
    const id = request.costlyWorkId;
    if (!id) return;
    request.costlyWorkId = undefined;
    await finishCostlyWork(ctx, id);
  };
  // A computed body is finished work: the slot is given back before the answer leaves, so the
  // caller's next request finds it free. A stream is still being computed while it is sent.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (!isStream(payload)) await release(request);
    return payload;
  });
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}

function isStream(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && typeof (payload as { pipe?: unknown }).pipe === 'function';
}
