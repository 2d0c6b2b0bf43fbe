import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { notFound } from '../platform/http/errors.js';
import { timeline } from '../platform/history/history.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { requireProgrammeAdministrator } from './access.js';
import { createMeasure, createProgramme, deleteMeasure, deleteProgramme, updateMeasure, updateProgramme } from './programmeActions.js';
import { listProgrammes, measureDetails, programmeDetail } from './programmeQueries.js';
import { measureBody, measurePatch, programmeBody, programmePatch, versionQuery } from './schema.js';

const tags = ['programmes'];

/** Programmes and their measures (dispositifs): read by all, edited by administrators through actions, every change in the programme's history. */
export const programmeRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.get('/api/programmes', { schema: { tags, summary: 'Programmes (actes) et leurs dispositifs' } }, async (request) => {
    await requireActor(ctx, request);
    return { items: await listProgrammes(db) };
  });

  app.get('/api/programmes/:id', { schema: { tags, summary: 'Un programme : dispositifs, objectifs, enveloppes et leur consommation, règles', params: idParams } }, async (request) => {
    await requireActor(ctx, request);
    const programme = await programmeDetail(db, request.params.id);
    if (!programme) throw notFound('Programme');
    return programme;
  });

  app.get('/api/programmes/:id/history', { schema: { tags, summary: 'Historique des modifications de la configuration du programme', params: idParams } }, async (request) => {
    await requireProgrammeAdministrator(ctx, request);
    return { items: await timeline(db, 'programme', request.params.id) };
  });

  app.post('/api/programmes', { schema: { tags, summary: 'Créer un programme', body: programmeBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, createProgramme, request.body));
  });

  app.patch('/api/programmes/:id', { schema: { tags, summary: 'Modifier un programme', params: idParams, body: programmePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return runAction(ctx, actor, updateProgramme, { id: request.params.id, ...request.body });
  });

  app.delete('/api/programmes/:id', { schema: { tags, summary: 'Supprimer un programme sans dispositif', params: idParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, deleteProgramme, { id: request.params.id, version: request.query.version });
    return { ok: true };
  });

  // ---- Measures ------------------------------------------------------------
  app.get('/api/measures/:id', { schema: { tags, summary: 'Un dispositif : objectifs, enveloppes et leur consommation, règles', params: idParams } }, async (request) => {
    await requireActor(ctx, request);
    const [measure] = await measureDetails(db, [request.params.id]);
    if (!measure) throw notFound('Dispositif');
    return measure;
  });

  app.post('/api/measures', { schema: { tags, summary: 'Créer un dispositif dans un programme', body: measureBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, createMeasure, request.body));
  });

  app.patch('/api/measures/:id', { schema: { tags, summary: 'Modifier un dispositif', params: idParams, body: measurePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return runAction(ctx, actor, updateMeasure, { id: request.params.id, ...request.body });
  });

  app.delete('/api/measures/:id', { schema: { tags, summary: 'Supprimer un dispositif sans demande (avec ses objectifs, enveloppes et règles)', params: idParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, deleteMeasure, { id: request.params.id, version: request.query.version });
    return { ok: true };
  });
};
