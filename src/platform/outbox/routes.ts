import { z } from 'zod';
import type { Api, RouteModule } from '../http/app.js';
import type { AppContext } from '../http/context.js';
import { forbidden, notFound } from '../http/errors.js';
import { listParams, paginate, type Sorting } from '../http/lists.js';
import { runAction } from '../actions/runAction.js';
import { idParams } from '../identity/schema.js';
import { requireActor } from '../identity/sessions.js';
import { can } from '../identity/roles.js';
import { jobKindLabel, knownJobKinds } from './jobs.js';
import { retryJob } from './retryJob.js';

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
const STATUS_LABELS: Record<string, string> = { pending: 'En attente', running: 'En cours', done: 'Terminée', failed: 'En échec' };

const adminFilters = listParams.extend({
  status: z.enum(JOB_STATUSES, { message: 'État : en attente, en cours, terminée ou en échec.' }).optional(),
  kind: z.string().max(60).optional(),
});
const adminSorting: Sorting = {
  sortable: { createdAt: 'j.created_at', finishedAt: "coalesce(j.finished_at, j.created_at)", attempts: 'j.attempts', id: 'j.id' },
  defaultSort: 'createdAt', idColumn: 'j.id',
};

/**
 * Progress of background work (documents, exports, imports) for the page that started
 * it. A job is visible to its creator and its organisation; anyone else gets the same
 * 404 as for an unknown id. Administrators of the platform see every job, with its
 * attempts and last error, and put a failed one back in the queue.
 */
export const jobRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const tags = ['tâches'];

  app.get('/api/jobs/:id', { schema: { tags, summary: 'État d’une tâche de fond', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const job = await db.selectFrom('jobs')
      .select(['id', 'kind', 'status', 'progress', 'progressLabel', 'result', 'error', 'createdAt', 'finishedAt'])
      .where('id', '=', request.params.id)
      .where((eb) => eb.or([eb('createdBy', '=', actor.userId), eb('organisationId', '=', actor.organisationId)]))
      .executeTakeFirst();
    if (!job) throw notFound('Tâche');
    return {
      ...job,
      statusLabel: STATUS_LABELS[job.status] ?? job.status,
      result: job.result === null ? null : JSON.parse(job.result) as unknown,
    };
  });

  const requireAdmin = async (request: Parameters<typeof requireActor>[1]) => {
    const actor = await requireActor(ctx, request);
    if (!can.administerPlatform(actor)) throw forbidden('de consulter les tâches de fond');
    return actor;
  };

  app.get('/api/admin/jobs', { schema: { tags, summary: 'Tâches de fond (administration)', querystring: adminFilters } }, async (request) => {
    await requireAdmin(request);
    const { status, kind } = request.query;
    const query = db.selectFrom('jobs as j')
      .select(['j.id', 'j.kind', 'j.status', 'j.attempts', 'j.error', 'j.createdAt', 'j.finishedAt', 'j.runAfter', 'j.lockedBy', 'j.leaseUntil', 'j.progress'])
      .$if(!!status, (q) => q.where('j.status', '=', status!))
      .$if(!!kind, (q) => q.where('j.kind', '=', kind!));
    const page = await paginate(db, query, adminSorting, request.query);
    return {
      ...page,
      items: page.items.map((j) => ({ ...j, kindLabel: jobKindLabel(j.kind), statusLabel: STATUS_LABELS[j.status] ?? j.status, retryable: j.status === 'failed' })),
    };
  });

  app.get('/api/admin/jobs/kinds', { schema: { tags, summary: 'Sortes de tâches de fond, pour filtrer la liste' } }, async (request) => {
    await requireAdmin(request);
    return { kinds: knownJobKinds(), statuses: JOB_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })) };
  });

  app.post('/api/admin/jobs/:id/retry', { schema: { tags, summary: 'Relancer une tâche en échec', params: idParams } }, async (request) => {
    const actor = await requireAdmin(request);
    return runAction(ctx, actor, retryJob, { jobId: request.params.id });
  });
};
