import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { AppContext } from '../http/context.js';

/**
 * Background work (documents, notifications, imports) is written to the jobs table in
 * the same transaction as the change that causes it, so it is never lost nor run for a
 * change that was rolled back. Pollers in any server process claim it.
 *
 * A claim is a lease: the claiming process renews `lease_until` while the handler runs.
 * When the process dies, the lease runs out and another poller claims the job again, so a
 * handler may run more than once for one job; handlers write their effects so that a rerun
 * replaces or skips what an interrupted run wrote (see `jobEffectKey`).
 */
export type JobKind = string;

export interface JobProgress { report(percent: number, label?: string): Promise<void> }
export interface JobRun { id: number; createdBy: number | null; attempt: number }
export type JobHandler = (ctx: AppContext, payload: any, progress: JobProgress, job: JobRun) => Promise<unknown>;

const handlers = new Map<JobKind, JobHandler>();
const labels = new Map<JobKind, string>();

export function registerJob(kind: JobKind, handler: JobHandler): void {
  handlers.set(kind, handler);
}

/** French names of the kinds of job, for the administrators' list. */
export function labelJobKinds(names: Record<JobKind, string>): void {
  for (const [kind, label] of Object.entries(names)) labels.set(kind, label);
}

export function jobKindLabel(kind: JobKind): string {
  return labels.get(kind) ?? kind;
}

export function knownJobKinds(): { kind: JobKind; label: string }[] {
  return [...new Set([...handlers.keys(), ...labels.keys()])].map((kind) => ({ kind, label: jobKindLabel(kind) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
}

/**
 * The key of one effect of a job (a notification, an e-mail) for one purpose: unique per
 * recipient in its table, so a rerun of the same job writes it once.
 */
export function jobEffectKey(job: Pick<JobRun, 'id'>, purpose: string): string {
  return `job:${job.id}:${purpose}`;
}

export interface EnqueueOptions {
  createdBy?: number | null;
  organisationId?: number | null;
  /**
   * The job's identity in the queue: while a job with this key is pending or running, a
   * second enqueue writes nothing and returns that job's id (a unique index decides, so two
   * processes enqueueing at once get the same id).
   */
  uniqueKey?: string;
}

export async function enqueueJob(
  trx: Transaction<Schema> | Kysely<Schema>,
  at: string,
  kind: JobKind,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number> {
  const values = {
    kind, payload: JSON.stringify(payload), status: 'pending', attempts: 0, runAfter: at, progress: 0,
    createdBy: options.createdBy ?? null, organisationId: options.organisationId ?? null, createdAt: at,
    uniqueKey: options.uniqueKey ?? null,
  };
  if (options.uniqueKey === undefined) {
    return (await trx.insertInto('jobs').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }
  // The existing job may finish between the insert that met it and the read that looks for
  // it: then the key is free again and the next round inserts.
  for (;;) {
    const inserted = await trx.insertInto('jobs').values(values).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
    if (inserted) return inserted.id;
    const existing = await trx.selectFrom('jobs').select('id')
      .where('uniqueKey', '=', options.uniqueKey).where('status', 'in', ['pending', 'running']).executeTakeFirst();
    if (existing) return existing.id;
  }
}

const workerPrefix = `${hostname()}:${process.pid}`;
let claims = 0;
export const MAX_ATTEMPTS = 3;
const DEFAULT_LEASE_SECONDS = 60;

function leaseSeconds(ctx: AppContext): number {
  return ctx.config.jobs?.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
}

const plus = (at: Date, ms: number) => new Date(at.getTime() + ms).toISOString();

type Claimed = Selectable<Schema['jobs']>;

/**
 * Claims one due job, or one whose lease ran out (its process died). PostgreSQL lets
 * concurrent pollers skip each other's rows; SQLite transactions begin immediate, so
 * pollers claim one after the other. A job whose process died on each of its attempts is
 * failed rather than claimed again: it would take the next process down too.
 */
async function claim(ctx: AppContext): Promise<Claimed | 'gave_up' | null> {
  const { db, kind } = ctx.database;
  const now = ctx.clock.now();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const job = await trx.selectFrom('jobs').selectAll()
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'pending'), eb('runAfter', '<=', at)]),
        eb.and([eb('status', '=', 'running'), eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<', at)])]),
      ]))
      .orderBy('id').limit(1)
      .$if(kind === 'postgres', (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!job) return null;
    const interrupted = job.status === 'running';
    const error = interrupted ? `Traitement interrompu (le processus ${job.lockedBy ?? 'inconnu'} s’est arrêté pendant l’essai ${job.attempts}).` : job.error;
    if (interrupted && job.attempts >= MAX_ATTEMPTS) {
      await trx.updateTable('jobs').set({ status: 'failed', error, finishedAt: at, leaseUntil: null }).where('id', '=', job.id).execute();
      return 'gave_up';
    }
    const lockedBy = `${workerPrefix}:${++claims}:${randomBytes(3).toString('hex')}`;
    const leaseUntil = plus(now, leaseSeconds(ctx) * 1000);
    const claimed = { status: 'running', lockedAt: at, lockedBy, leaseUntil, attempts: job.attempts + 1, error };
    await trx.updateTable('jobs').set(claimed).where('id', '=', job.id).execute();
    return { ...job, ...claimed };
  });
}

/** What became of one run of a job: for the log line and the metrics of each server process. */
export interface JobOutcome { id: number; kind: string; status: 'done' | 'pending' | 'failed'; attempts: number; durationMs: number; error: string | null }
const finishedListeners = new Set<(run: JobOutcome) => void>();

/** Calls `listener` after every job run of this process; returns the way to stop. */
export function onJobFinished(listener: (run: JobOutcome) => void): () => void {
  finishedListeners.add(listener);
  return () => finishedListeners.delete(listener);
}

/**
 * Runs one due job, if any: returns whether there was one. Database errors while claiming
 * or recording the outcome are thrown to the poller, which backs off; a job whose outcome
 * could not be recorded keeps its lease until it runs out, then runs again.
 */
export async function runOneJob(ctx: AppContext, log: JobLog = defaultLog): Promise<boolean> {
  const job = await claim(ctx);
  if (job === null) return false;
  if (job === 'gave_up') return true;
  const started = performance.now();
  const finished = (status: JobOutcome['status'], error: string | null) => {
    const run: JobOutcome = { id: job.id, kind: job.kind, status, attempts: job.attempts, durationMs: Math.round(performance.now() - started), error };
    // A listener's fault (a log sink) never changes the job's outcome.
    for (const listener of finishedListeners) try { listener(run); } catch { /* ignored */ }
  };
  const { db } = ctx.database;
  const mine = () => db.updateTable('jobs').where('id', '=', job.id).where('lockedBy', '=', job.lockedBy).where('status', '=', 'running');
  const heartbeat = setInterval(() => {
    mine().set({ leaseUntil: plus(ctx.clock.now(), leaseSeconds(ctx) * 1000) }).execute()
      .catch((error) => log(`Bail de la tâche ${job.id} non renouvelé`, error));
  }, (leaseSeconds(ctx) * 1000) / 3);
  heartbeat.unref();
  const progress: JobProgress = {
    report: async (percent, label) => {
      await mine().set({ progress: Math.max(0, Math.min(100, Math.round(percent))), progressLabel: label ?? null }).execute();
    },
  };
  let outcome: Updateable<Schema['jobs']>;
  try {
    const handler = handlers.get(job.kind);
    if (!handler) throw new FinalJobError(`Aucun traitement pour les tâches « ${job.kind} »`);
    const result = await handler(ctx, JSON.parse(job.payload), progress, { id: job.id, createdBy: job.createdBy, attempt: job.attempts });
    outcome = { status: 'done', progress: 100, result: JSON.stringify(result ?? null), finishedAt: ctx.clock.now().toISOString() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retry = job.attempts < MAX_ATTEMPTS && !(error as { final?: boolean }).final;
    const later = plus(ctx.clock.now(), 2 ** job.attempts * 1000);
    outcome = {
      status: retry ? 'pending' : 'failed', error: message, runAfter: retry ? later : job.runAfter,
      finishedAt: retry ? null : ctx.clock.now().toISOString(),
    };
  } finally {
    clearInterval(heartbeat);
  }
  const recorded = await mine().set({ ...outcome, leaseUntil: null }).executeTakeFirst();
  if (Number(recorded.numUpdatedRows) === 0) log(`Tâche ${job.id} : le bail avait expiré, une autre exécution l’a reprise`, null);
  finished(outcome.status as JobOutcome['status'], (outcome.error as string | null | undefined) ?? null);
  return true;
}

/** Runs every due job now (tests, CLI): returns how many ran. */
export async function drainJobs(ctx: AppContext, limit = 1000): Promise<number> {
  let count = 0;
  while (count < limit && (await runOneJob(ctx))) count++;
  return count;
}

export type JobLog = (message: string, error: unknown) => void;
const defaultLog: JobLog = (message, error) => console.error(`[tâches] ${message}`, error ?? '');

const MAX_BACKOFF_MS = 30_000;

/**
 * Polls for due jobs until stopped. A database error (connection lost, disk full) is logged
 * and the next poll waits longer, doubling up to 30 s, then polling resumes its pace once
 * the database answers again: the poller never stops by itself.
 */
export function startJobPoller(ctx: AppContext, intervalMs = 500, log: JobLog = defaultLog): () => Promise<void> {
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await runOneJob(ctx, log)));
      failures = 0;
    } catch (error) {
      failures++;
      log(`Relève des tâches impossible (échec ${failures}), nouvel essai dans ${Math.round(delay() / 1000)} s`, error);
    }
    schedule();
  };
  const delay = () => (failures === 0 ? intervalMs : Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => { running = tick(); }, delay());
  };
  schedule();
  return async () => { stopped = true; clearTimeout(timer); await running; };
}

/** A job that should not be retried (bad input rather than a passing fault). */
export class FinalJobError extends Error {
  readonly final = true;
}
