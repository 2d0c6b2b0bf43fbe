import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { forbidden, notFound } from '../platform/http/errors.js';
import { can } from '../platform/identity/roles.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { deadlineBody, setOpinionDeadline } from './actions/setOpinionDeadline.js';
import { requestDeadlines } from './deadlineRecords.js';
import { reminderUsage } from './reminders.js';
import { partyFor } from './requestPolicy.js';

const tags = ['instruction'];

export const deadlineRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  const visible = async (actor: Parameters<typeof partyFor>[1], id: number) => {
    const request = await db.selectFrom('fundingRequests').select(['id', 'companyId', 'status', 'submittedAt', 'decidedAt']).where('id', '=', id).executeTakeFirst();
    if (!request || !(await partyFor(db, actor, request))) throw notFound('Demande');
    return request;
  };

  app.get('/api/requests/:id/deadlines', { schema: { tags, summary: 'Échéances des avis et des compléments, jours d’instruction hors attente', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return requestDeadlines(db, await visible(actor, request.params.id), isoNow(ctx.clock));
  });

  app.put('/api/requests/:id/deadlines/opinion', { schema: { tags, summary: 'Changer l’échéance d’avis d’un partenaire (secrétariat, motivé)', params: idParams, body: deadlineBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, setOpinionDeadline, { requestId: request.params.id, ...request.body });
    return requestDeadlines(db, await visible(actor, request.params.id), isoNow(ctx.clock));
  });

  app.get('/api/admin/reminders', { schema: { tags: ['administration'], summary: 'Rappels envoyés et éléments traités ensuite, par type et par mois' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    if (!can.administerPlatform(actor)) throw forbidden('de consulter la mesure des rappels');
    return { items: await reminderUsage(ctx) };
  });
};
