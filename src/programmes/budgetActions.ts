import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import { AppError, invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { formatEuros } from '../shared/money.js';
import { programmeAdministrator } from './access.js';
import { duplicate, guarded, stillUsed } from './constraints.js';
import { FUNDER_LABELS, type Funder } from './funders.js';
import type { EnvelopeBody, TargetBody } from './schema.js';

const label = (funder: string) => FUNDER_LABELS[funder as Funder] ?? funder;
const envelopeTaken = () => duplicate('funder', 'Ce dispositif a déjà une enveloppe pour ce financeur : modifiez son montant.');

export async function measureOf(scope: ActionScope, measureId: number) {
  const measure = await scope.trx.selectFrom('measures').select(['id', 'programmeId', 'code']).where('id', '=', measureId).executeTakeFirst();
  if (!measure) throw invalid('measureId', 'Dispositif inconnu.');
  return measure;
}

/**
 * Envelope edits run as actions that lock the envelope row first. A session close locks
 * the same rows (in id order) before it commits, so an edit and a close queue: the edit
 * compares the new amount with what is committed once it holds the row, never with a
 * figure read before a close that then committed.
 */
async function lockedEnvelope(scope: ActionScope, id: number) {
  const row = await scope.trx.selectFrom('envelopes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Enveloppe');
  return { ...row, amountCents: Number(row.amountCents), committedCents: Number(row.committedCents) };
}

export const createEnvelope = defineAction<EnvelopeBody, number>({
  name: 'createEnvelope',
  // One envelope per funder and measure: two administrators creating it queue on the measure.
  locks: (input) => [{ table: 'measures', ids: [input.measureId] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const measure = await measureOf(scope, input.measureId);
    const { trx, at } = scope;
    if (await trx.selectFrom('envelopes').select('id').where('measureId', '=', measure.id).where('funder', '=', input.funder).executeTakeFirst()) throw envelopeTaken();
    return guarded(async () => {
      const row = await trx.insertInto('envelopes').values({ ...input, version: 1 }).returning('id').executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'envelope_created', changes: { envelopeId: row.id, measure: measure.code, ...input } });
      return row.id;
    }, { unique: envelopeTaken });
  },
});

export interface EnvelopeChange { id: number; version: number; funder?: Funder; amountCents?: number }

export const updateEnvelope = defineAction<EnvelopeChange, void>({
  name: 'updateEnvelope',
  locks: (input) => [{ table: 'envelopes', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { id, version, ...changes } = input;
    const current = await lockedEnvelope(scope, id);
    const measure = await measureOf(scope, current.measureId);
    const { trx, at } = scope;
    if (current.version !== version) throw staleVersion('Cette enveloppe');
    if (changes.funder && changes.funder !== current.funder) {
      const paid = await trx.selectFrom('payments as p').innerJoin('fundingRequests as r', 'r.id', 'p.requestId').select('p.id')
        .where('r.measureId', '=', current.measureId).where('p.funder', '=', current.funder).executeTakeFirst();
      const committed = await trx.selectFrom('commitments').select('id').where('envelopeId', '=', current.id).executeTakeFirst();
      if (current.committedCents > 0 || paid || committed) {
        throw new AppError(409, 'still_used', `L’enveloppe ${label(current.funder)} porte déjà des engagements ou des versements : son financeur ne peut plus changer.`, 'funder');
      }
      if (await trx.selectFrom('envelopes').select('id').where('measureId', '=', measure.id).where('funder', '=', changes.funder).executeTakeFirst()) throw envelopeTaken();
    }
    // The cell commits against what remains: an envelope cut below what is committed would be overdrawn.
    if (changes.amountCents !== undefined && changes.amountCents < current.committedCents) {
      throw new AppError(409, 'below_committed', `Le montant ne peut pas être inférieur à ce qui est déjà engagé sur l’enveloppe ${label(current.funder)} (${formatEuros(current.committedCents)}).`, 'amountCents');
    }
    await guarded(async () => {
      const done = await trx.updateTable('envelopes').set({ ...changes, version: version + 1 }).where('id', '=', current.id).where('version', '=', version).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw staleVersion('Cette enveloppe');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'envelope_updated', changes: { envelopeId: current.id, measure: measure.code, before: { funder: current.funder, amountCents: current.amountCents }, ...changes } });
    }, { unique: envelopeTaken });
  },
});

export const deleteEnvelope = defineAction<{ id: number; version: number }, void>({
  name: 'deleteEnvelope',
  locks: (input) => [{ table: 'envelopes', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const current = await lockedEnvelope(scope, input.id);
    const measure = await measureOf(scope, current.measureId);
    const { trx, at } = scope;
    const commitments = await trx.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('envelopeId', '=', current.id).executeTakeFirstOrThrow();
    if (Number(commitments.n) > 0) {
      throw stillUsed(`L’enveloppe ${label(current.funder)} du dispositif ${measure.code} porte ${Number(commitments.n)} engagement(s) : elle ne peut pas être supprimée. Vous pouvez ajuster son montant.`);
    }
    if (current.version !== input.version) throw staleVersion('Cette enveloppe');
    await trx.deleteFrom('envelopes').where('id', '=', current.id).execute();
    await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'envelope_deleted', changes: { envelopeId: current.id, measure: measure.code, funder: current.funder, amountCents: current.amountCents } });
  },
});

// ---- Targets ----------------------------------------------------------------
const indicatorTaken = () => duplicate('indicator', 'Ce dispositif a déjà un objectif pour cet indicateur.');
type TargetRow = { id: number; measureId: number; indicator: string; label: string; value: number; version: number };
const presentTarget = (row: TargetRow) => ({ ...row, value: Number(row.value) });

export const createTarget = defineAction<TargetBody, ReturnType<typeof presentTarget>>({
  name: 'createTarget',
  locks: (input) => [{ table: 'measures', ids: [input.measureId] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const measure = await measureOf(scope, input.measureId);
    const { trx, at } = scope;
    if (await trx.selectFrom('targets').select('id').where('measureId', '=', measure.id).where('indicator', '=', input.indicator).executeTakeFirst()) throw indicatorTaken();
    return guarded(async () => {
      const row = await trx.insertInto('targets').values({ ...input, version: 1 }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'target_created', changes: { targetId: row.id, measure: measure.code, ...input } });
      return presentTarget(row);
    }, { unique: indicatorTaken });
  },
});

export const updateTarget = defineAction<{ id: number; version: number } & Partial<Omit<TargetBody, 'measureId'>>, ReturnType<typeof presentTarget>>({
  name: 'updateTarget',
  locks: (input) => [{ table: 'targets', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { id, version, ...changes } = input;
    const { trx, at } = scope;
    const current = await trx.selectFrom('targets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound('Objectif');
    const measure = await measureOf(scope, current.measureId);
    if (current.version !== version) throw staleVersion('Cet objectif');
    if (changes.indicator && changes.indicator !== current.indicator
      && await trx.selectFrom('targets').select('id').where('measureId', '=', measure.id).where('indicator', '=', changes.indicator).executeTakeFirst()) throw indicatorTaken();
    return guarded(async () => {
      const row = await trx.updateTable('targets').set({ ...changes, version: version + 1 }).where('id', '=', current.id).where('version', '=', version).returningAll().executeTakeFirst();
      if (!row) throw staleVersion('Cet objectif');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'target_updated', changes: { targetId: current.id, measure: measure.code, before: { label: current.label, value: Number(current.value) }, ...changes } });
      return presentTarget(row);
    }, { unique: indicatorTaken });
  },
});

export const deleteTarget = defineAction<{ id: number; version?: number }, void>({
  name: 'deleteTarget',
  locks: (input) => [{ table: 'targets', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { trx, at } = scope;
    const current = await trx.selectFrom('targets').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!current) throw notFound('Objectif');
    const measure = await measureOf(scope, current.measureId);
    if (input.version !== undefined && current.version !== input.version) throw staleVersion('Cet objectif');
    await trx.deleteFrom('targets').where('id', '=', current.id).execute();
    await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'target_deleted', changes: { targetId: current.id, measure: measure.code, indicator: current.indicator, value: Number(current.value) } });
  },
});
