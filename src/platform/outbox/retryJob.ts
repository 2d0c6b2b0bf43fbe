import { defineAction } from '../actions/runAction.js';
import { AppError, forbidden, notFound } from '../http/errors.js';
import { recordHistory } from '../history/history.js';
import { can } from '../identity/roles.js';

/**
 * An administrator puts a failed job back in the queue, with a fresh allowance of attempts
 * (the count restarts; the last error stays until a run succeeds). Only a failed job can be
 * retried: one that is pending or running is already on its way, one that is done stays done.
 */
export const retryJob = defineAction<{ jobId: number }, { id: number; status: string }>({
  name: 'retryJob',
  locks: (input) => [{ table: 'jobs', ids: [input.jobId] }],
  async run({ trx, actor, at }, { jobId }) {
    if (!actor || !can.administerPlatform(actor)) throw forbidden('de relancer une tâche de fond');
    const job = await trx.selectFrom('jobs').select(['id', 'kind', 'status', 'attempts', 'uniqueKey', 'error']).where('id', '=', jobId).executeTakeFirst();
    if (!job) throw notFound('Tâche');
    if (job.status !== 'failed') throw new AppError(409, 'transition_refused', 'Seule une tâche en échec peut être relancée : celle-ci est en attente, en cours ou terminée.');
    if (job.uniqueKey) {
      const twin = await trx.selectFrom('jobs').select('id').where('uniqueKey', '=', job.uniqueKey).where('status', 'in', ['pending', 'running']).executeTakeFirst();
      if (twin) throw new AppError(409, 'transition_refused', `La même tâche est déjà en attente ou en cours (n° ${twin.id}) : inutile de relancer celle-ci.`);
    }
    await trx.updateTable('jobs').set({ status: 'pending', attempts: 0, runAfter: at, finishedAt: null, progress: 0, progressLabel: null, lockedBy: null, leaseUntil: null })
      .where('id', '=', jobId).where('status', '=', 'failed').execute();
    await recordHistory(trx, actor, at, { entityType: 'job', entityId: jobId, action: 'retried', changes: { kind: job.kind, attempts: job.attempts, error: job.error } });
    return { id: jobId, status: 'pending' };
  },
});
