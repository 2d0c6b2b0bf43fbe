import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { paymentBody, recordPayment } from './actions/recordPayment.js';
import { realisationBody, recordRealisation } from './actions/recordRealisation.js';
import { settleBody, settleRequest } from './actions/settleRequest.js';
import { viewRequest } from './requestPresenter.js';

const tags = ['suivi'];

export const followUpRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.post('/api/requests/:id/realisation', { schema: { tags, summary: 'Déclarer les heures et stagiaires réalisés par action', params: idParams, body: realisationBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, recordRealisation, { requestId: request.params.id, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });

  app.post('/api/requests/:id/payments', { schema: { tags, summary: 'Enregistrer un versement (financeur)', params: idParams, body: paymentBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { justClosed } = await runAction(ctx, actor, recordPayment, { requestId: request.params.id, ...request.body });
    return { ...(await viewRequest(db, actor, request.params.id)), justClosed };
  });

  app.post('/api/requests/:id/settle', { schema: { tags, summary: 'Solder la demande et rendre le reliquat aux enveloppes (secrétariat)', params: idParams, body: settleBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, settleRequest, { requestId: request.params.id, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });
};
