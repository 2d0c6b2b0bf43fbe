import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { recordHistory, timeline } from '../platform/history/history.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { requireProgrammeAdministrator } from './access.js';
import { duplicate, guarded, stillUsed } from './constraints.js';
import { listProgrammes, measureDetails, programmeDetail } from './programmeQueries.js';
import { measureBody, measurePatch, programmeBody, programmePatch, versionQuery } from './schema.js';

const tags = ['programmes'];

/** Programmes and their measures (dispositifs): read by all, edited by administrators, every change in the programme's history. */
export const programmeRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const programmeCodeTaken = () => duplicate('code', 'Un programme porte déjà ce code.');
  const measureCodeTaken = () => duplicate('code', 'Un dispositif porte déjà ce code.');

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
    const body = request.body;
    if (await db.selectFrom('programmes').select('id').where('code', '=', body.code).executeTakeFirst()) throw programmeCodeTaken();
    const at = isoNow(ctx.clock);
    const row = await guarded(() => db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('programmes').values({
        code: body.code, name: body.name, description: body.description ?? null, startsOn: body.startsOn, endsOn: body.endsOn ?? null, version: 1,
      }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: row.id, action: 'created', changes: body });
      return row;
    }), { unique: programmeCodeTaken });
    return reply.status(201).send(row);
  });

  app.patch('/api/programmes/:id', { schema: { tags, summary: 'Modifier un programme', params: idParams, body: programmePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const { version, ...changes } = request.body;
    const current = await db.selectFrom('programmes').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Programme');
    const startsOn = changes.startsOn ?? current.startsOn;
    const endsOn = changes.endsOn === undefined ? current.endsOn : changes.endsOn;
    if (endsOn !== null && endsOn < startsOn) throw invalid(changes.endsOn !== undefined ? 'endsOn' : 'startsOn', 'La fin du programme précède son début.');
    if (changes.code && changes.code !== current.code && await db.selectFrom('programmes').select('id').where('code', '=', changes.code).executeTakeFirst()) throw programmeCodeTaken();
    const at = isoNow(ctx.clock);
    return guarded(() => db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('programmes').set({ ...changes, version: version + 1 })
        .where('id', '=', current.id).where('version', '=', version).returningAll().executeTakeFirst();
      if (!row) throw staleVersion('Ce programme');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: row.id, action: 'updated', changes });
      return row;
    }), { unique: programmeCodeTaken });
  });

  app.delete('/api/programmes/:id', { schema: { tags, summary: 'Supprimer un programme sans dispositif', params: idParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('programmes').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Programme');
    const measures = await db.selectFrom('measures').select('code').where('programmeId', '=', current.id).orderBy('code').execute();
    if (measures.length) {
      throw stillUsed(`Le programme ${current.code} compte encore ${measures.length} dispositif(s) (${measures.map((m) => m.code).join(', ')}) : supprimez-les d’abord.`);
    }
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const done = await trx.deleteFrom('programmes').where('id', '=', current.id).where('version', '=', request.query.version).executeTakeFirst();
      if (Number(done.numDeletedRows) === 0) throw staleVersion('Ce programme');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: current.id, action: 'deleted', changes: { code: current.code, name: current.name } });
    });
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
    const body = request.body;
    const programme = await db.selectFrom('programmes').select('id').where('id', '=', body.programmeId).executeTakeFirst();
    if (!programme) throw invalid('programmeId', 'Programme inconnu.');
    if (await db.selectFrom('measures').select('id').where('code', '=', body.code).executeTakeFirst()) throw measureCodeTaken();
    const at = isoNow(ctx.clock);
    const row = await guarded(() => db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('measures').values({
        programmeId: body.programmeId, code: body.code, name: body.name, kind: body.kind, startsOn: body.startsOn, endsOn: body.endsOn ?? null, version: 1,
      }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: body.programmeId, action: 'measure_created', changes: { measureId: row.id, ...body } });
      return row;
    }), { unique: measureCodeTaken });
    return reply.status(201).send(row);
  });

  app.patch('/api/measures/:id', { schema: { tags, summary: 'Modifier un dispositif', params: idParams, body: measurePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const { version, ...changes } = request.body;
    const current = await db.selectFrom('measures').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Dispositif');
    const startsOn = changes.startsOn ?? current.startsOn;
    const endsOn = changes.endsOn === undefined ? current.endsOn : changes.endsOn;
    if (endsOn !== null && endsOn < startsOn) throw invalid(changes.endsOn !== undefined ? 'endsOn' : 'startsOn', 'La fin du dispositif précède son début.');
    if (changes.code && changes.code !== current.code && await db.selectFrom('measures').select('id').where('code', '=', changes.code).executeTakeFirst()) throw measureCodeTaken();
    if (changes.kind && changes.kind !== current.kind && await hasRequests(current.id)) {
      throw stillUsed(`Le type du dispositif ${current.code} ne peut plus changer : des demandes y sont déjà déposées.`);
    }
    const at = isoNow(ctx.clock);
    return guarded(() => db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('measures').set({ ...changes, version: version + 1 })
        .where('id', '=', current.id).where('version', '=', version).returningAll().executeTakeFirst();
      if (!row) throw staleVersion('Ce dispositif');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: current.programmeId, action: 'measure_updated', changes: { measureId: current.id, ...changes } });
      return row;
    }), { unique: measureCodeTaken });
  });

  app.delete('/api/measures/:id', { schema: { tags, summary: 'Supprimer un dispositif sans demande (avec ses objectifs, enveloppes et règles)', params: idParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('measures').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Dispositif');
    const requests = await countRequests(current.id);
    if (requests > 0) throw stillUsed(`Le dispositif ${current.code} ne peut pas être supprimé : ${requests} demande(s) y sont rattachées. Vous pouvez le clore en renseignant sa date de fin.`);
    const inUse = () => stillUsed(`Le dispositif ${current.code} ne peut pas être supprimé : des dossiers y sont rattachés.`);
    const at = isoNow(ctx.clock);
    await guarded(() => db.transaction().execute(async (trx) => {
      // Targets, envelopes and rules belong to the measure and go with it (foreign keys cascade).
      const done = await trx.deleteFrom('measures').where('id', '=', current.id).where('version', '=', request.query.version).executeTakeFirst();
      if (Number(done.numDeletedRows) === 0) throw staleVersion('Ce dispositif');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: current.programmeId, action: 'measure_deleted', changes: { measureId: current.id, code: current.code, name: current.name } });
    }), { foreignKey: inUse });
    return { ok: true };
  });

  async function countRequests(measureId: number): Promise<number> {
    const row = await db.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n')).where('measureId', '=', measureId).executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const hasRequests = async (measureId: number) => (await countRequests(measureId)) > 0;
};
