import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { notFound } from '../platform/http/errors.js';
import { idParams } from '../platform/identity/schema.js';
import { requireProgrammeAdministrator } from './access.js';
import { createEnvelope, createTarget, deleteEnvelope, deleteTarget, updateEnvelope, updateTarget } from './budgetActions.js';
import { envelopeMoney } from './envelopeState.js';
import { envelopeBody, envelopePatch, optionalVersionQuery, targetBody, targetPatch, versionQuery } from './schema.js';

const tags = ['programmes'];

/** Targets (objectifs) and envelopes (enveloppes per funder) of a measure: parse, run the action, present. */
export const budgetRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.post('/api/targets', { schema: { tags, summary: 'Ajouter un objectif à un dispositif', body: targetBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, createTarget, request.body));
  });

  app.patch('/api/targets/:id', { schema: { tags, summary: 'Modifier un objectif', params: idParams, body: targetPatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return runAction(ctx, actor, updateTarget, { id: request.params.id, ...request.body });
  });

  app.delete('/api/targets/:id', { schema: { tags, summary: 'Supprimer un objectif', params: idParams, querystring: optionalVersionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, deleteTarget, { id: request.params.id, version: request.query.version });
    return { ok: true };
  });

  app.post('/api/envelopes', { schema: { tags, summary: 'Ouvrir l’enveloppe d’un financeur sur un dispositif', body: envelopeBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const id = await runAction(ctx, actor, createEnvelope, request.body);
    return reply.status(201).send(await envelopeState(id));
  });

  app.patch('/api/envelopes/:id', { schema: { tags, summary: 'Modifier le montant (ou le financeur) d’une enveloppe', params: idParams, body: envelopePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, updateEnvelope, { id: request.params.id, ...request.body });
    return envelopeState(request.params.id);
  });

  app.delete('/api/envelopes/:id', { schema: { tags, summary: 'Supprimer une enveloppe sans engagement', params: idParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, deleteEnvelope, { id: request.params.id, version: request.query.version });
    return { ok: true };
  });

  async function envelopeState(id: number) {
    const envelope = await db.selectFrom('envelopes').select('measureId').where('id', '=', id).executeTakeFirst();
    const state = envelope && (await envelopeMoney(db, [envelope.measureId])).find((e) => e.id === id);
    if (!state) throw notFound('Enveloppe');
    return state;
  }
};
