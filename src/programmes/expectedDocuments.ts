import { z } from 'zod';
import { defineAction, runAction } from '../platform/actions/runAction.js';
import { recordHistory } from '../platform/history/history.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { isIsoDate } from '../shared/dates.js';
import { programmeAdministrator, requireProgrammeAdministrator } from './access.js';
import { measureOf } from './budgetActions.js';
import { DOCUMENT_STAGE_LABELS, DOCUMENT_STAGES } from './documentStages.js';


const isoDate = (what: string) => z.string().refine(isIsoDate, `${what} invalide (AAAA-MM-JJ).`);

export const expectedDocumentsBody = z.object({
  items: z.array(z.object({
    id: z.number().int().positive().optional(),
    version: z.number().int().min(1).optional(),
    stage: z.enum(DOCUMENT_STAGES, { message: 'Étape inconnue : dépôt, compléments, réalisation ou versement.' }),
    label: z.string().trim().min(3, 'Intitulé de la pièce trop court.').max(200, 'Intitulé de la pièce trop long (200 caractères au plus).'),
    isRequired: z.boolean(),
    validFrom: isoDate('Début de validité').optional(),
    validTo: isoDate('Fin de validité').nullable().optional(),
  })).max(60, 'Au plus 60 pièces par dispositif.'),
});
export type ExpectedDocumentsBody = z.infer<typeof expectedDocumentsBody>;

/**
 * An administrator sets the list of documents a measure expects: items with an id are
 * changed (at the version read), new ones added, missing ones removed — the documents
 * already provided for a removed one stay on their requests, under their label.
 */
export const setExpectedDocuments = defineAction<{ measureId: number } & ExpectedDocumentsBody, void>({
  name: 'setExpectedDocuments',
  locks: (input) => [{ table: 'measures', ids: [input.measureId] }],
  async run(scope, { measureId, items }) {
    const actor = programmeAdministrator(scope);
    const { trx, at } = scope;
    const measure = await measureOf(scope, measureId);
    const start = (await trx.selectFrom('measures').select('startsOn').where('id', '=', measureId).executeTakeFirstOrThrow()).startsOn;
    const current = await trx.selectFrom('expectedDocuments').selectAll().where('measureId', '=', measureId).execute();
    const kept = new Set<number>();
    for (const [i, item] of items.entries()) {
      const validFrom = item.validFrom ?? start;
      const validTo = item.validTo ?? null;
      if (validTo !== null && validTo < validFrom) throw invalid(`items.${i}.validTo`, 'La fin de validité précède son début.');
      const values = { stage: item.stage, label: item.label, isRequired: item.isRequired, position: i + 1, validFrom, validTo };
      if (item.id === undefined) {
        await trx.insertInto('expectedDocuments').values({ measureId, ...values, version: 1 }).execute();
        continue;
      }
      const row = current.find((c) => c.id === item.id);
      if (!row) throw notFound('Pièce attendue');
      if (item.version !== undefined && item.version !== row.version) throw staleVersion('Cette liste de pièces');
      kept.add(row.id);
      await trx.updateTable('expectedDocuments').set({ ...values, version: row.version + 1 }).where('id', '=', row.id).execute();
    }
    const removed = current.filter((c) => !kept.has(c.id)).map((c) => c.id);
    if (removed.length) {
      await trx.updateTable('requestDocuments').set({ expectedDocumentId: null }).where('expectedDocumentId', 'in', removed).execute();
      await trx.updateTable('informationRequestItems').set({ expectedDocumentId: null }).where('expectedDocumentId', 'in', removed).execute();
      await trx.deleteFrom('expectedDocuments').where('id', 'in', removed).execute();
    }
    await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'expected_documents_set', changes: { measure: measure.code, items: items.map((i) => ({ stage: i.stage, label: i.label, isRequired: i.isRequired })) } });
  },
});

export const expectedDocumentRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const list = async (measureId: number) => {
    const measure = await db.selectFrom('measures').select(['id', 'code', 'name']).where('id', '=', measureId).executeTakeFirst();
    if (!measure) throw notFound('Dispositif');
    const items = await db.selectFrom('expectedDocuments').select(['id', 'stage', 'label', 'isRequired', 'position', 'validFrom', 'validTo', 'version'])
      .where('measureId', '=', measureId).orderBy('position').orderBy('id').execute();
    return { measure, stages: DOCUMENT_STAGES.map((stage) => ({ stage, label: DOCUMENT_STAGE_LABELS[stage] })), items };
  };

  app.get('/api/measures/:id/expected-documents', { schema: { tags: ['programmes'], summary: 'Pièces justificatives attendues par un dispositif, par étape', params: idParams } }, async (request) => {
    await requireActor(ctx, request);
    return list(request.params.id);
  });

  app.put('/api/measures/:id/expected-documents', { schema: { tags: ['programmes'], summary: 'Fixer la liste des pièces attendues (administrateurs)', params: idParams, body: expectedDocumentsBody } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, setExpectedDocuments, { measureId: request.params.id, ...request.body });
    return list(request.params.id);
  });
};
