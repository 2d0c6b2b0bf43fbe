import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { idParams } from '../platform/identity/schema.js';
import { formatEuros } from '../shared/money.js';
import { requireProgrammeAdministrator } from './access.js';
import { duplicate, guarded, stillUsed } from './constraints.js';
import { envelopeMoney } from './envelopeState.js';
import { FUNDER_LABELS, type Funder } from './funders.js';
import { envelopeBody, envelopePatch, targetBody, targetPatch, versionQuery } from './schema.js';

const tags = ['programmes'];
const label = (funder: string) => FUNDER_LABELS[funder as Funder] ?? funder;

/** Targets (objectifs) and envelopes (enveloppes per funder) of a measure. */
export const budgetRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  async function measureOf(measureId: number) {
    const measure = await db.selectFrom('measures').select(['id', 'programmeId', 'code']).where('id', '=', measureId).executeTakeFirst();
    if (!measure) throw invalid('measureId', 'Dispositif inconnu.');
    return measure;
  }
  const indicatorTaken = () => duplicate('indicator', 'Ce dispositif a déjà un objectif pour cet indicateur.');
  const envelopeTaken = () => duplicate('funder', 'Ce dispositif a déjà une enveloppe pour ce financeur : modifiez son montant.');

  // ---- Targets (no version column: the last write wins, and the history keeps both) ----
  app.post('/api/targets', { schema: { tags, summary: 'Ajouter un objectif à un dispositif', body: targetBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const body = request.body;
    const measure = await measureOf(body.measureId);
    if (await db.selectFrom('targets').select('id').where('measureId', '=', measure.id).where('indicator', '=', body.indicator).executeTakeFirst()) throw indicatorTaken();
    const at = isoNow(ctx.clock);
    const row = await guarded(() => db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('targets').values(body).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'target_created', changes: { targetId: row.id, measure: measure.code, ...body } });
      return row;
    }), { unique: indicatorTaken });
    return reply.status(201).send({ ...row, value: Number(row.value) });
  });

  app.patch('/api/targets/:id', { schema: { tags, summary: 'Modifier un objectif', params: idParams, body: targetPatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('targets').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Objectif');
    const measure = await measureOf(current.measureId);
    const changes = request.body;
    if (changes.indicator && changes.indicator !== current.indicator
      && await db.selectFrom('targets').select('id').where('measureId', '=', measure.id).where('indicator', '=', changes.indicator).executeTakeFirst()) throw indicatorTaken();
    const at = isoNow(ctx.clock);
    const row = await guarded(() => db.transaction().execute(async (trx) => {
      const row = Object.keys(changes).length
        ? await trx.updateTable('targets').set(changes).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow()
        : current;
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'target_updated', changes: { targetId: current.id, measure: measure.code, before: { label: current.label, value: Number(current.value) }, ...changes } });
      return row;
    }), { unique: indicatorTaken });
    return { ...row, value: Number(row.value) };
  });

  app.delete('/api/targets/:id', { schema: { tags, summary: 'Supprimer un objectif', params: idParams } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('targets').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Objectif');
    const measure = await measureOf(current.measureId);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('targets').where('id', '=', current.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'target_deleted', changes: { targetId: current.id, measure: measure.code, indicator: current.indicator, value: Number(current.value) } });
    });
    return { ok: true };
  });

  // ---- Envelopes -------------------------------------------------------------
  app.post('/api/envelopes', { schema: { tags, summary: 'Ouvrir l’enveloppe d’un financeur sur un dispositif', body: envelopeBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const body = request.body;
    const measure = await measureOf(body.measureId);
    if (await db.selectFrom('envelopes').select('id').where('measureId', '=', measure.id).where('funder', '=', body.funder).executeTakeFirst()) throw envelopeTaken();
    const at = isoNow(ctx.clock);
    const id = await guarded(() => db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('envelopes').values({ ...body, version: 1 }).returning('id').executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'envelope_created', changes: { envelopeId: row.id, measure: measure.code, ...body } });
      return row.id;
    }), { unique: envelopeTaken });
    return reply.status(201).send(await envelopeState(id));
  });

  app.patch('/api/envelopes/:id', { schema: { tags, summary: 'Modifier le montant (ou le financeur) d’une enveloppe', params: idParams, body: envelopePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const { version, ...changes } = request.body;
    const current = await envelopeState(request.params.id);
    const measure = await measureOf(current.measureId);
    if (changes.funder && changes.funder !== current.funder) {
      if (current.committedCents > 0 || current.paidCents > 0) {
        throw new AppError(409, 'still_used', `L’enveloppe ${label(current.funder)} porte déjà des engagements ou des versements : son financeur ne peut plus changer.`, 'funder');
      }
      if (await db.selectFrom('envelopes').select('id').where('measureId', '=', measure.id).where('funder', '=', changes.funder).executeTakeFirst()) throw envelopeTaken();
    }
    // The cell commits against what remains: an envelope cut below what is already committed would go negative.
    if (changes.amountCents !== undefined && changes.amountCents < current.committedCents) {
      throw new AppError(409, 'below_committed', `Le montant ne peut pas être inférieur à ce qui est déjà engagé sur l’enveloppe ${label(current.funder)} (${formatEuros(current.committedCents)}).`, 'amountCents');
    }
    const at = isoNow(ctx.clock);
    await guarded(() => db.transaction().execute(async (trx) => {
      const done = await trx.updateTable('envelopes').set({ ...changes, version: version + 1 })
        .where('id', '=', current.id).where('version', '=', version).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw staleVersion('Cette enveloppe');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'envelope_updated', changes: { envelopeId: current.id, measure: measure.code, before: { funder: current.funder, amountCents: current.amountCents }, ...changes } });
    }), { unique: envelopeTaken });
    return envelopeState(current.id);
  });

  app.delete('/api/envelopes/:id', { schema: { tags, summary: 'Supprimer une enveloppe sans engagement', params: idParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await envelopeState(request.params.id);
    const measure = await measureOf(current.measureId);
    const commitments = await db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('envelopeId', '=', current.id).executeTakeFirstOrThrow();
    if (Number(commitments.n) > 0) {
      throw stillUsed(`L’enveloppe ${label(current.funder)} du dispositif ${measure.code} porte ${Number(commitments.n)} engagement(s) : elle ne peut pas être supprimée. Vous pouvez ajuster son montant.`);
    }
    const at = isoNow(ctx.clock);
    await guarded(() => db.transaction().execute(async (trx) => {
      const done = await trx.deleteFrom('envelopes').where('id', '=', current.id).where('version', '=', request.query.version).executeTakeFirst();
      if (Number(done.numDeletedRows) === 0) throw staleVersion('Cette enveloppe');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'envelope_deleted', changes: { envelopeId: current.id, measure: measure.code, funder: current.funder, amountCents: current.amountCents } });
    }), { foreignKey: () => stillUsed(`L’enveloppe ${label(current.funder)} porte des engagements : elle ne peut pas être supprimée.`) });
    return { ok: true };
  });

  async function envelopeState(id: number) {
    const envelope = await db.selectFrom('envelopes').select('measureId').where('id', '=', id).executeTakeFirst();
    if (!envelope) throw notFound('Enveloppe');
    const state = (await envelopeMoney(db, [envelope.measureId])).find((e) => e.id === id);
    if (!state) throw notFound('Enveloppe');
    return state;
  }
};
