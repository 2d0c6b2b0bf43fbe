import { z } from 'zod';
import { defineAction, type ActionScope } from '../../platform/actions/runAction.js';
import type { Actor } from '../../platform/identity/roles.js';
import { recordHistory } from '../../platform/history/history.js';
import { forbidden, invalid, notFound, refusedTransition, staleVersion } from '../../platform/http/errors.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { DOCUMENT_STAGE_LABELS, DOCUMENT_STAGES, isStageOpen, type DocumentStage } from '../documentChecklist.js';
import { refreshReadiness } from '../instruction.js';
import { REQUEST_STATUS_LABELS, type Party, type RequestStatus } from '../requestStatus.js';
import type { RequestAggregate } from '../requestRepository.js';
import { lockRequest, openRequest } from './requestScope.js';

/** A file already read, checked and put in the storage; the action only records it. */
export interface StoredFile { filename: string; contentType: string; sizeBytes: number; sha256: string; storageKey: string }

const optionalId = z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), z.number().int().positive('Identifiant invalide.').optional());

/** The text fields of the upload form (multipart), beside its file. */
export const uploadFields = z.object({
  stage: z.enum(DOCUMENT_STAGES, { message: 'Étape inconnue : dépôt, compléments, réalisation ou versement.' }).optional(),
  expectedDocumentId: optionalId,
  informationItemId: optionalId,
  label: z.string().trim().max(200, 'Intitulé trop long (200 caractères au plus).').optional(),
  /** Replacing: the document and the version the uploader saw. */
  documentId: optionalId,
  version: optionalId,
});
export type UploadFields = z.infer<typeof uploadFields>;

export const refusedStage = (stage: DocumentStage, status: RequestStatus) =>
  refusedTransition(`Les pièces de l’étape « ${DOCUMENT_STAGE_LABELS[stage]} » ne peuvent plus être modifiées : la demande est « ${REQUEST_STATUS_LABELS[status]} ».`);

export async function insertVersion(scope: ActionScope, actor: Actor, documentId: number, versionNo: number, file: StoredFile) {
  await scope.trx.insertInto('requestDocumentVersions').values({
    documentId, versionNo, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256,
    storageKey: file.storageKey, organisationId: actor.organisationId, uploadedBy: actor.userId, uploadedAt: scope.at,
  }).execute();
}

/** The other side of a request: the company when a partner acts, its partners when the company acts. */
export async function otherSide(scope: ActionScope, aggregate: RequestAggregate, party: Party, actor: Actor): Promise<number[]> {
  if (party !== 'company') return [aggregate.request.companyId];
  const partners = await scope.trx.selectFrom('requestPartners').select('organisationId').where('requestId', '=', aggregate.request.id).execute();
  return partners.map((p) => p.organisationId).filter((id) => id !== actor.organisationId);
}

/**
 * A company or a routed partner adds a document to a request (for an expected document, one
 * named in a request for information, or under a free label), or replaces one: the previous
 * versions stay in its history.
 */
export const uploadDocument = defineAction<{ requestId: number; fields: UploadFields; file: StoredFile }, { documentId: number; versionNo: number }>({
  name: 'uploadDocument',
  locks: lockRequest,
  async run(scope, { requestId, fields, file }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'uploadDocument');
    const { trx, at } = scope;
    const r = aggregate.request;
    const status = r.status as RequestStatus;

    if (fields.documentId !== undefined) {
      const current = await trx.selectFrom('requestDocuments').selectAll().where('id', '=', fields.documentId).where('requestId', '=', requestId).executeTakeFirst();
      if (!current || current.messageId !== null) throw notFound('Pièce');
      if (current.organisationId !== actor.organisationId) throw forbidden('de remplacer une pièce déposée par une autre organisation');
      if (fields.version === undefined) throw invalid('version', 'Indiquez la version de la pièce que vous remplacez.');
      if (current.version !== fields.version) throw staleVersion('Cette pièce');
      if (!isStageOpen(current.stage as DocumentStage, status)) throw refusedStage(current.stage as DocumentStage, status);
      const versionNo = current.version + 1;
      await insertVersion(scope, actor, current.id, versionNo, file);
      await trx.updateTable('requestDocuments').set({ version: versionNo }).where('id', '=', current.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: requestId, action: 'document_replaced', changes: { documentId: current.id, label: current.label, filename: file.filename, versionNo, sha256: file.sha256 } });
      await refreshReadiness(scope, aggregate);
      return { documentId: current.id, versionNo };
    }

    let stage = fields.stage;
    let expectedDocumentId: number | null = null;
    let label = fields.label ?? '';
    let informationItemId: number | null = null;
    if (fields.informationItemId !== undefined) {
      const item = await trx.selectFrom('informationRequestItems as i').innerJoin('informationRequests as q', 'q.id', 'i.informationRequestId')
        .select(['i.id', 'i.label', 'i.expectedDocumentId', 'i.documentId', 'q.answeredAt'])
        .where('i.id', '=', fields.informationItemId).where('i.requestId', '=', requestId).executeTakeFirst();
      if (!item) throw notFound('Pièce demandée');
      if (item.answeredAt) throw refusedTransition('Cette demande de compléments a déjà reçu sa réponse.');
      if (item.documentId !== null) throw refusedTransition(`La pièce « ${item.label} » est déjà fournie : remplacez-la plutôt.`);
      stage = 'information';
      expectedDocumentId = item.expectedDocumentId;
      label = item.label;
      informationItemId = item.id;
    } else if (fields.expectedDocumentId !== undefined) {
      const expected = await trx.selectFrom('expectedDocuments').select(['id', 'stage', 'label']).where('id', '=', fields.expectedDocumentId).where('measureId', '=', r.measureId).executeTakeFirst();
      if (!expected) throw invalid('expectedDocumentId', 'Cette pièce n’est pas attendue pour ce dispositif.');
      stage = expected.stage as DocumentStage;
      expectedDocumentId = expected.id;
      label = expected.label;
    }
    if (!stage) throw invalid('stage', 'Indiquez l’étape de la pièce (dépôt, compléments, réalisation ou versement).');
    if (!label) throw invalid('label', 'Donnez un intitulé à la pièce (par exemple « Plan de formation signé »).');
    if (!isStageOpen(stage, status)) throw refusedStage(stage, status);

    const document = await trx.insertInto('requestDocuments').values({
      requestId, stage, expectedDocumentId, informationItemId, messageId: null, label,
      organisationId: actor.organisationId, createdBy: actor.userId, createdAt: at, version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    await insertVersion(scope, actor, document.id, 1, file);
    if (informationItemId !== null) await trx.updateTable('informationRequestItems').set({ documentId: document.id }).where('id', '=', informationItemId).execute();
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: requestId, action: 'document_uploaded', changes: { documentId: document.id, stage, label, filename: file.filename, sizeBytes: file.sizeBytes, sha256: file.sha256 } });
    if (status !== 'draft') {
      await notifyOrganisations(trx, at, await otherSide(scope, aggregate, party, actor), {
        subject: `Pièce ajoutée sur ${r.reference}`, body: `${actor.organisationName} a déposé « ${label} » (${file.filename}).`, link: `/demandes/${requestId}?onglet=pieces`,
      });
    }
    await refreshReadiness(scope, aggregate);
    return { documentId: document.id, versionNo: 1 };
  },
});
