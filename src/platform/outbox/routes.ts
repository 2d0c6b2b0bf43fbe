import type { Api, RouteModule } from '../http/app.js';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { idParams } from '../identity/schema.js';
import { requireActor } from '../identity/sessions.js';

const STATUS_LABELS: Record<string, string> = { pending: 'En attente', running: 'En cours', done: 'Terminée', failed: 'En échec' };

/**
 * Progress of background work (documents, exports, imports) for the page that started
 * it. A job is visible to its creator and its organisation; anyone else gets the same
 * 404 as for an unknown id.
 */
export const jobRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.get('/api/jobs/:id', { schema: { tags: ['tâches'], summary: 'État d’une tâche de fond', params: idParams } }, async (request) => {
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
};
