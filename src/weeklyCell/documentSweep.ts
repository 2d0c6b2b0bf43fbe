import { sql } from 'kysely';
import type { AppContext } from '../platform/http/context.js';
import { enqueueJob, registerJob } from '../platform/outbox/jobs.js';

export const DOCUMENT_SWEEP_JOB = 'documents.sweep';

/** An upload in flight has put its bytes and not yet committed the row that names them: a day is far beyond that. */
const UNNAMED_GRACE_HOURS = 24;

/**
 * Bytes are put before the action that names them and deleted after the action that forgets
 * them (docs/decisions/004-document-storage.md): a process that dies between the two leaves
 * bytes no document version names. They name nobody's file and only take room; the sweep
 * deletes those of the embedded storage older than the grace period. Idempotent: two
 * processes sweeping at once delete the same rows once.
 */
export async function sweepUnnamedBlobs(ctx: AppContext): Promise<{ deleted: number }> {
  const before = new Date(ctx.clock.now().getTime() - UNNAMED_GRACE_HOURS * 3_600_000).toISOString();
  const result = await ctx.database.db.deleteFrom('documentBlobs')
    .where('createdAt', '<', before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('requestDocumentVersions as v').select(sql<number>`1`.as('one')).whereRef('v.storageKey', '=', 'documentBlobs.key'))))
    .executeTakeFirst();
  return { deleted: Number(result.numDeletedRows) };
}

/** Each night at 02:00 UTC, one run per day in the queue across processes (its key is the day). */
export async function ensureDocumentSweepScheduled(ctx: AppContext, after: Date = ctx.clock.now()): Promise<void> {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 2));
  if (next.getTime() <= after.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  const runAt = next.toISOString();
  await enqueueJob(ctx.database.db, runAt, DOCUMENT_SWEEP_JOB, {}, { uniqueKey: `${DOCUMENT_SWEEP_JOB}:${runAt.slice(0, 10)}` });
}

export function registerDocumentSweepJob(): void {
  registerJob(DOCUMENT_SWEEP_JOB, async (ctx) => {
    const result = await sweepUnnamedBlobs(ctx);
    await ensureDocumentSweepScheduled(ctx, new Date(ctx.clock.now().getTime() + 60_000));
    return result;
  });
}
