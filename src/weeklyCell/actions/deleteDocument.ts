import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { forbidden, invalid, notFound, staleVersion } from '../../platform/http/errors.js';
import { isStageOpen, type DocumentStage } from '../documentChecklist.js';
import { refreshReadiness } from '../instruction.js';
import type { RequestStatus } from '../requestStatus.js';
import { lockRequest, openRequest } from './requestScope.js';
import { refusedStage } from './uploadDocument.js';

/**
 * The organisation that uploaded a document deletes it, every version with it, while its stage
 * is open. Returns the storage keys, deleted once the transaction has committed.
 */
export const deleteDocument = defineAction<{ requestId: number; documentId: number; version?: number }, { storageKeys: string[] }>({
  name: 'deleteDocument',
  locks: lockRequest,
  async run(scope, { requestId, documentId, version }) {
    const { actor, aggregate } = await openRequest(scope, requestId, 'uploadDocument');
    const { trx, at } = scope;
    const document = await trx.selectFrom('requestDocuments').selectAll().where('id', '=', documentId).where('requestId', '=', requestId).executeTakeFirst();
    if (!document || document.messageId !== null) throw notFound('Pièce');
    if (document.organisationId !== actor.organisationId) throw forbidden('de supprimer une pièce déposée par une autre organisation');
    const status = aggregate.request.status as RequestStatus;
    if (!isStageOpen(document.stage as DocumentStage, status)) throw refusedStage(document.stage as DocumentStage, status);
    if (version === undefined) throw invalid('version', 'Indiquez la version de la pièce que vous supprimez.');
    if (document.version !== version) throw staleVersion('Cette pièce');
    const versions = await trx.selectFrom('requestDocumentVersions').select(['storageKey', 'filename']).where('documentId', '=', documentId).execute();
    await trx.updateTable('informationRequestItems').set({ documentId: null }).where('documentId', '=', documentId).execute();
    await trx.deleteFrom('requestDocumentVersions').where('documentId', '=', documentId).execute();
    await trx.deleteFrom('requestDocuments').where('id', '=', documentId).execute();
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: requestId, action: 'document_deleted', changes: { documentId, label: document.label, stage: document.stage, filenames: versions.map((v) => v.filename) } });
    await refreshReadiness(scope, aggregate);
    return { storageKeys: versions.map((v) => v.storageKey) };
  },
});
