import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { defineAction } from '../platform/actions/runAction.js';
import { invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import type { Actor } from '../platform/identity/roles.js';
import { assertMayWrite } from './policy.js';
import type { z } from 'zod';
import type { alertFollowBody, diagnosticBody, diagnosticUpdate, PlanBody, ruleUpdate, watchBody, watchUpdate } from './schemas.js';

/**
 * Writes of the observatory, each a named action. Edits carry the version they read and lose
 * with 409 when someone saved in between (a conditional update: two processes cannot both win).
 */
const who = (actor: Actor | null) => {
  if (!actor) throw new Error('Action réservée à un utilisateur connecté.');
  assertMayWrite(actor);
  return actor;
};

async function romeExists(trx: Transaction<Schema>, code: string, field: string) {
  const row = await trx.selectFrom('romeCodes').select('code').where('code', '=', code).executeTakeFirst();
  if (!row) throw invalid(field, `Le code ROME ${code} n’existe pas dans le répertoire ROME.`);
}

/** « One click » from a target job: an action of the partnership prepared for it, and the alert it answers marked acted on. */
export const preparePlan = defineAction<PlanBody, { id: number }>({
  name: 'observatory.preparePlan',
  async run({ trx, actor, at }, body) {
    const a = who(actor);
    await romeExists(trx, body.romeCode, 'romeCode');
    if (body.sourceRomeCode) await romeExists(trx, body.sourceRomeCode, 'sourceRomeCode');
    const row = await trx.insertInto('observatoryPlans').values({
      kind: body.kind, areaCode: body.area, romeCode: body.romeCode, sourceRomeCode: body.sourceRomeCode, headcount: body.headcount, note: body.note,
      organisationId: a.organisationId, createdBy: a.userId, createdAt: at,
    }).returning('id').executeTakeFirstOrThrow();
    if (body.alertId !== null) {
      const done = await trx.updateTable('observatoryAlerts').set({ status: 'acted', actedAt: at, actedBy: a.userId }).where('id', '=', body.alertId).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw notFound('Alerte');
    }
    await recordHistory(trx, a, at, { entityType: 'observatoryPlan', entityId: row.id, action: 'prepared', changes: { ...body } });
    return row;
  },
});

export const addWatchItem = defineAction<z.infer<typeof watchBody>, { id: number }>({
  name: 'observatory.addWatchItem',
  async run({ trx, actor, at }, body) {
    const a = who(actor);
    await romeExists(trx, body.romeCode, 'romeCode');
    const row = await trx.insertInto('observatoryWatchlist').values({ ...body, organisationId: a.organisationId, updatedBy: a.userId, updatedAt: at, version: 1 }).returning('id').executeTakeFirstOrThrow();
    await recordHistory(trx, a, at, { entityType: 'observatoryWatch', entityId: row.id, action: 'tagged', changes: body });
    return row;
  },
});

export const updateWatchItem = defineAction<z.infer<typeof watchUpdate> & { id: number }, { id: number; version: number }>({
  name: 'observatory.updateWatchItem',
  async run({ trx, actor, at }, { id, version, ...body }) {
    const a = who(actor);
    const done = await trx.updateTable('observatoryWatchlist').set({ ...body, updatedBy: a.userId, updatedAt: at, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('observatoryWatchlist').select('id').where('id', '=', id).executeTakeFirst();
      throw exists ? staleVersion('Ce métier de la liste de veille') : notFound('Métier de la liste de veille');
    }
    await recordHistory(trx, a, at, { entityType: 'observatoryWatch', entityId: id, action: 'updated', changes: body });
    return { id, version: version + 1 };
  },
});

export const removeWatchItem = defineAction<{ id: number }, void>({
  name: 'observatory.removeWatchItem',
  async run({ trx, actor, at }, { id }) {
    const a = who(actor);
    const done = await trx.deleteFrom('observatoryWatchlist').where('id', '=', id).executeTakeFirst();
    if (Number(done.numDeletedRows) !== 1) throw notFound('Métier de la liste de veille');
    await recordHistory(trx, a, at, { entityType: 'observatoryWatch', entityId: id, action: 'removed' });
  },
});

export const addDiagnosticPoint = defineAction<z.infer<typeof diagnosticBody> & { area: string }, { id: number }>({
  name: 'observatory.addDiagnosticPoint',
  async run({ trx, actor, at }, { area, ...body }) {
    const a = who(actor);
    const row = await trx.insertInto('observatoryDiagnosticPoints').values({ areaCode: area, ...body, organisationId: a.organisationId, updatedBy: a.userId, updatedAt: at, version: 1 }).returning('id').executeTakeFirstOrThrow();
    await recordHistory(trx, a, at, { entityType: 'observatoryDiagnosticPoint', entityId: row.id, action: 'written', changes: { area, ...body } });
    return row;
  },
});

/** Any partner may amend a point (the diagnostic is co-written); each version stays in history. */
export const updateDiagnosticPoint = defineAction<z.infer<typeof diagnosticUpdate> & { id: number }, { id: number; version: number }>({
  name: 'observatory.updateDiagnosticPoint',
  async run({ trx, actor, at }, { id, version, ...body }) {
    const a = who(actor);
    const done = await trx.updateTable('observatoryDiagnosticPoints').set({ ...body, organisationId: a.organisationId, updatedBy: a.userId, updatedAt: at, version: version + 1 })
      .where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('observatoryDiagnosticPoints').select('id').where('id', '=', id).executeTakeFirst();
      throw exists ? staleVersion('Ce point du diagnostic') : notFound('Point du diagnostic');
    }
    await recordHistory(trx, a, at, { entityType: 'observatoryDiagnosticPoint', entityId: id, action: 'amended', changes: body });
    return { id, version: version + 1 };
  },
});

export const followAlert = defineAction<z.infer<typeof alertFollowBody> & { id: number }, void>({
  name: 'observatory.followAlert',
  async run({ trx, actor, at }, { id, status }) {
    const a = who(actor);
    const done = await trx.updateTable('observatoryAlerts').set({ status, actedAt: status === 'open' ? null : at, actedBy: status === 'open' ? null : a.userId })
      .where('id', '=', id).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw notFound('Alerte');
    await recordHistory(trx, a, at, { entityType: 'observatoryAlert', entityId: id, action: status });
  },
});

export const updateAlertRule = defineAction<z.infer<typeof ruleUpdate> & { id: number }, { id: number; version: number }>({
  name: 'observatory.updateAlertRule',
  async run({ trx, actor, at }, { id, version, ...body }) {
    const a = who(actor);
    const rule = await trx.selectFrom('observatoryAlertRules').select(['kind']).where('id', '=', id).executeTakeFirst();
    if (!rule) throw notFound('Règle d’alerte');
    if (rule.kind === 'tensionRise' && body.minRiseHundredths === null) throw invalid('minRiseHundredths', 'Indiquez la hausse de tension qui déclenche l’alerte.');
    if (rule.kind === 'difficultWithSeekers' && (body.minDifficultBp === null || body.minSeekers === null))
      throw invalid(body.minDifficultBp === null ? 'minDifficultBp' : 'minSeekers', 'Indiquez la part de projets difficiles et le nombre de demandeurs d’emploi qui déclenchent l’alerte.');
    const done = await trx.updateTable('observatoryAlertRules').set({ ...body, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw staleVersion('Cette règle d’alerte');
    await recordHistory(trx, a, at, { entityType: 'observatoryAlertRule', entityId: id, action: 'updated', changes: body });
    return { id, version: version + 1 };
  },
});
