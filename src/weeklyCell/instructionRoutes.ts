import { z } from 'zod';
import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { notFound } from '../platform/http/errors.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { answerBody, answerInformation } from './actions/answerInformation.js';
import { askBody, askInformation } from './actions/askInformation.js';
import { giveOpinion, opinionBody } from './actions/giveOpinion.js';
import { messageBody, postPrivateMessage } from './actions/postPrivateMessage.js';
import { requireParty } from './requestPolicy.js';
import { viewRequest } from './requestPresenter.js';
import { recordIdParam } from '../platform/http/ids.js';

const tags = ['instruction'];

const itemParams = idParams.extend({ itemId: recordIdParam });

export const instructionRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.post('/api/requests/:id/opinions', { schema: { tags, summary: 'Donner ou modifier l’avis de son organisation', params: idParams, body: opinionBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, giveOpinion, { requestId: request.params.id, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });

  app.post('/api/requests/:id/information-requests', { schema: { tags, summary: 'Demander des compléments à l’entreprise', params: idParams, body: askBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, askInformation, { requestId: request.params.id, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });

  app.post('/api/requests/:id/information-requests/:itemId/answer', { schema: { tags, summary: 'Répondre à une demande de compléments (entreprise)', params: itemParams, body: answerBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, answerInformation, { requestId: request.params.id, itemId: request.params.itemId, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });

  // The partners' private thread: the company is never a party to it, so it gets "not found".
  app.get('/api/requests/:id/messages', { schema: { tags, summary: 'Fil privé des partenaires', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (party === 'company') throw notFound('Fil privé');
    const items = await db.selectFrom('privateMessages as m').innerJoin('users as u', 'u.id', 'm.authorId').innerJoin('organisations as o', 'o.id', 'm.organisationId')
      .select(['m.id', 'm.body', 'm.createdAt', 'u.displayName as authorName', 'o.name as organisationName'])
      .where('m.requestId', '=', current.id).orderBy('m.id').execute();
    return { items };
  });

  app.post('/api/requests/:id/messages', { schema: { tags, summary: 'Écrire dans le fil privé des partenaires', params: idParams, body: messageBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const row = await runAction(ctx, actor, postPrivateMessage, { requestId: request.params.id, ...request.body });
    return reply.status(201).send({ ...row, authorName: actor.displayName, organisationName: actor.organisationName });
  });
};
