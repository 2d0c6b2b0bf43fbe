import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { AppContext } from '../http/context.js';

/**
 * Background work (documents, notifications, imports) is written to the jobs table in
 * the same transaction as the change that causes it, so it is never lost nor run for a
 * change that was rolled back. Pollers in any server process claim it.
 */
export type JobKind = string;

export interface JobProgress { report(percent: number, label?: string): Promise<void> }
export type JobHandler = (ctx: AppContext, payload: any, progress: JobProgress, job: { id: number; createdBy: number | null }) => Promise<unknown>;

const handlers = new Map<JobKind, JobHandler>();

export function registerJob(kind: JobKind, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export async function enqueueJob(
  trx: Transaction<Schema> | Kysely<Schema>,
  at: string,
  kind: JobKind,
  payload: unknown,
  owner: { createdBy?: number | null; organisationId?: number | null } = {},
): Promise<number> {
  const row = await trx.insertInto('jobs').values({
    kind, payload: JSON.stringify(payload), status: 'pending', attempts: 0, runAfter: at, progress: 0,
    createdBy: owner.createdBy ?? null, organisationId: owner.organisationId ?? null, createdAt: at,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const workerId = `${hostname()}:${process.pid}`;
const MAX_ATTEMPTS = 3;

/** Claims one due job; PostgreSQL lets concurrent pollers skip each other's rows. */
async function claim(ctx: AppContext): Promise<Schema['jobs'] & { id: number } | null> {
  const { db, kind } = ctx.database;
  const now = ctx.clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const job = await trx.selectFrom('jobs').selectAll()
      .where('status', '=', 'pending').where('runAfter', '<=', now)
      .orderBy('id').limit(1)
      .$if(kind === 'postgres', (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!job) return null;
    await trx.updateTable('jobs').set({ status: 'running', lockedAt: now, lockedBy: workerId, attempts: job.attempts + 1 })
      .where('id', '=', job.id).execute();
    return { ...job, attempts: job.attempts + 1 } as any;
  });
}

/** What became of one run of a job: for the log line and the metrics of each server process. */
export interface JobRun { id: number; kind: string; status: 'done' | 'pending' | 'failed'; attempts: number; durationMs: number; error: string | null }
const finishedListeners = new Set<(run: JobRun) => void>();

/** Calls `listener` after every job run of this process; returns the way to stop. */
export function onJobFinished(listener: (run: JobRun) => void): () => void {
  finishedListeners.add(listener);
  return () => finishedListeners.delete(listener);
}

export async function runOneJob(ctx: AppContext): Promise<boolean> {
  const job = await claim(ctx);
  if (!job) return false;
  const started = performance.now();
  const finished = (status: JobRun['status'], error: string | null) => {
    const run: JobRun = { id: job.id, kind: job.kind, status, attempts: job.attempts, durationMs: Math.round(performance.now() - started), error };
    // A listener's fault (a log sink) never changes the job's outcome.
    for (const listener of finishedListeners) try { listener(run); } catch { /* ignored */ }
  };
  const { db } = ctx.database;
  const handler = handlers.get(job.kind);
  const progress: JobProgress = {
    report: async (percent, label) => {
      await db.updateTable('jobs').set({ progress: Math.max(0, Math.min(100, Math.round(percent))), progressLabel: label ?? null })
        .where('id', '=', job.id).execute();
    },
  };
  try {
    if (!handler) throw new Error(`Aucun traitement pour les tâches « ${job.kind} »`);
    const result = await handler(ctx, JSON.parse(job.payload), progress, { id: job.id, createdBy: job.createdBy });
    await db.updateTable('jobs').set({
      status: 'done', progress: 100, result: JSON.stringify(result ?? null), finishedAt: ctx.clock.now().toISOString(), error: null,
    }).where('id', '=', job.id).execute();
    finished('done', null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retry = job.attempts < MAX_ATTEMPTS && !(error as { final?: boolean }).final;
    const later = new Date(ctx.clock.now().getTime() + 2 ** job.attempts * 1000).toISOString();
    await db.updateTable('jobs').set({
      status: retry ? 'pending' : 'failed', error: message, runAfter: retry ? later : job.runAfter,
      finishedAt: retry ? null : ctx.clock.now().toISOString(),
    }).where('id', '=', job.id).execute();
    finished(retry ? 'pending' : 'failed', message);
  }
  return true;
}

/** Runs every due job now (tests, CLI): returns how many ran. */
export async function drainJobs(ctx: AppContext, limit = 1000): Promise<number> {
  let count = 0;
  while (count < limit && (await runOneJob(ctx))) count++;
  return count;
}

export function startJobPoller(ctx: AppContext, intervalMs = 500): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    while (!stopped && (await runOneJob(ctx).catch(() => false)));
  };
  const timer = setInterval(() => { running = running.then(tick); }, intervalMs);
  return async () => { stopped = true; clearInterval(timer); await running; };
}

/** A job that should not be retried (bad input rather than a passing fault). */
export class FinalJobError extends Error {
  readonly final = true;
}
