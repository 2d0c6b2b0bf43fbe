import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import { invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { programmeAdministrator } from './access.js';
import { duplicate, guarded, stillUsed } from './constraints.js';
import type { MeasureBody, ProgrammeBody } from './schema.js';

const programmeCodeTaken = () => duplicate('code', 'Un programme porte déjà ce code.');
const measureCodeTaken = () => duplicate('code', 'Un dispositif porte déjà ce code.');

/** The end of a period, when set, does not come before its start, whichever of the two changes. */
function assertPeriod(current: { startsOn: string; endsOn: string | null }, changes: { startsOn?: string; endsOn?: string | null }, message: string) {
  const startsOn = changes.startsOn ?? current.startsOn;
  const endsOn = changes.endsOn === undefined ? current.endsOn : changes.endsOn;
  if (endsOn !== null && endsOn < startsOn) throw invalid(changes.endsOn !== undefined ? 'endsOn' : 'startsOn', message);
}

async function countRequests(scope: ActionScope, measureId: number): Promise<number> {
  const row = await scope.trx.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n')).where('measureId', '=', measureId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const createProgramme = defineAction<ProgrammeBody, Record<string, unknown>>({
  name: 'createProgramme',
  async run(scope, body) {
    const actor = programmeAdministrator(scope);
    const { trx, at } = scope;
    if (await trx.selectFrom('programmes').select('id').where('code', '=', body.code).executeTakeFirst()) throw programmeCodeTaken();
    return guarded(async () => {
      const row = await trx.insertInto('programmes').values({
        code: body.code, name: body.name, description: body.description ?? null, startsOn: body.startsOn, endsOn: body.endsOn ?? null, version: 1,
      }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: row.id, action: 'created', changes: body });
      return row;
    }, { unique: programmeCodeTaken });
  },
});

export const updateProgramme = defineAction<{ id: number; version: number } & Partial<ProgrammeBody>, Record<string, unknown>>({
  name: 'updateProgramme',
  locks: (input) => [{ table: 'programmes', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { id, version, ...changes } = input;
    const { trx, at } = scope;
    const current = await trx.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound('Programme');
    if (current.version !== version) throw staleVersion('Ce programme');
    assertPeriod(current, changes, 'La fin du programme précède son début.');
    if (changes.code && changes.code !== current.code && await trx.selectFrom('programmes').select('id').where('code', '=', changes.code).executeTakeFirst()) throw programmeCodeTaken();
    return guarded(async () => {
      const row = await trx.updateTable('programmes').set({ ...changes, version: version + 1 }).where('id', '=', current.id).where('version', '=', version).returningAll().executeTakeFirst();
      if (!row) throw staleVersion('Ce programme');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: row.id, action: 'updated', changes });
      return row;
    }, { unique: programmeCodeTaken });
  },
});

export const deleteProgramme = defineAction<{ id: number; version: number }, void>({
  name: 'deleteProgramme',
  locks: (input) => [{ table: 'programmes', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { trx, at } = scope;
    const current = await trx.selectFrom('programmes').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!current) throw notFound('Programme');
    const measures = await trx.selectFrom('measures').select('code').where('programmeId', '=', current.id).orderBy('code').execute();
    if (measures.length) {
      throw stillUsed(`Le programme ${current.code} compte encore ${measures.length} dispositif(s) (${measures.map((m) => m.code).join(', ')}) : supprimez-les d’abord.`);
    }
    if (current.version !== input.version) throw staleVersion('Ce programme');
    await trx.deleteFrom('programmes').where('id', '=', current.id).execute();
    await recordHistory(trx, actor, at, { entityType: 'programme', entityId: current.id, action: 'deleted', changes: { code: current.code, name: current.name } });
  },
});

export const createMeasure = defineAction<MeasureBody, Record<string, unknown>>({
  name: 'createMeasure',
  // A measure is added to a programme that an administrator might be deleting at the same time.
  locks: (input) => [{ table: 'programmes', ids: [input.programmeId] }],
  async run(scope, body) {
    const actor = programmeAdministrator(scope);
    const { trx, at } = scope;
    const programme = await trx.selectFrom('programmes').select('id').where('id', '=', body.programmeId).executeTakeFirst();
    if (!programme) throw invalid('programmeId', 'Programme inconnu.');
    if (await trx.selectFrom('measures').select('id').where('code', '=', body.code).executeTakeFirst()) throw measureCodeTaken();
    return guarded(async () => {
      const row = await trx.insertInto('measures').values({
        programmeId: body.programmeId, code: body.code, name: body.name, kind: body.kind, startsOn: body.startsOn, endsOn: body.endsOn ?? null, version: 1,
      }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: body.programmeId, action: 'measure_created', changes: { measureId: row.id, ...body } });
      return row;
    }, { unique: measureCodeTaken });
  },
});

export const updateMeasure = defineAction<{ id: number; version: number } & Partial<Omit<MeasureBody, 'programmeId'>>, Record<string, unknown>>({
  name: 'updateMeasure',
  locks: (input) => [{ table: 'measures', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { id, version, ...changes } = input;
    const { trx, at } = scope;
    const current = await trx.selectFrom('measures').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound('Dispositif');
    if (current.version !== version) throw staleVersion('Ce dispositif');
    assertPeriod(current, changes, 'La fin du dispositif précède son début.');
    if (changes.code && changes.code !== current.code && await trx.selectFrom('measures').select('id').where('code', '=', changes.code).executeTakeFirst()) throw measureCodeTaken();
    if (changes.kind && changes.kind !== current.kind && await countRequests(scope, current.id) > 0) {
      throw stillUsed(`Le type du dispositif ${current.code} ne peut plus changer : des demandes y sont déjà déposées.`);
    }
    return guarded(async () => {
      const row = await trx.updateTable('measures').set({ ...changes, version: version + 1 }).where('id', '=', current.id).where('version', '=', version).returningAll().executeTakeFirst();
      if (!row) throw staleVersion('Ce dispositif');
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: current.programmeId, action: 'measure_updated', changes: { measureId: current.id, ...changes } });
      return row;
    }, { unique: measureCodeTaken });
  },
});

export const deleteMeasure = defineAction<{ id: number; version: number }, void>({
  name: 'deleteMeasure',
  locks: (input) => [{ table: 'measures', ids: [input.id] }],
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { trx, at } = scope;
    const current = await trx.selectFrom('measures').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!current) throw notFound('Dispositif');
    const requests = await countRequests(scope, current.id);
    if (requests > 0) throw stillUsed(`Le dispositif ${current.code} ne peut pas être supprimé : ${requests} demande(s) y sont rattachées. Vous pouvez le clore en renseignant sa date de fin.`);
    if (current.version !== input.version) throw staleVersion('Ce dispositif');
    await guarded(async () => {
      // Targets, envelopes and rules belong to the measure and go with it (foreign keys cascade).
      await trx.deleteFrom('measures').where('id', '=', current.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: current.programmeId, action: 'measure_deleted', changes: { measureId: current.id, code: current.code, name: current.name } });
    }, { foreignKey: () => stillUsed(`Le dispositif ${current.code} ne peut pas être supprimé : des dossiers y sont rattachés.`) });
  },
});
