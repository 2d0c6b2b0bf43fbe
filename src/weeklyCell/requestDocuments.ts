import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import {
  checklist, expectedAt, isStageOpen, missingDocuments, missingRequested, openStages, DOCUMENT_STAGE_LABELS,
  type DocumentStage,
} from './documentChecklist.js';
import type { RequestStatus } from './requestStatus.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Documents are judged under the list in force on the day the request was filed (or created, for a draft). */
export const documentRuleDate = (r: { submittedAt: string | null; createdAt: string }) => (r.submittedAt ?? r.createdAt).slice(0, 10);

export async function expectedDocumentsOf(db: Db, measureId: number) {
  return db.selectFrom('expectedDocuments').selectAll().where('measureId', '=', measureId).orderBy('position').orderBy('id').execute();
}

async function providedOf(db: Db, requestId: number) {
  return db.selectFrom('requestDocuments').select(['id', 'stage', 'expectedDocumentId']).where('requestId', '=', requestId).execute();
}

/** The required documents of these stages still missing on a request, as French issues for a gate. */
export async function documentIssues(db: Db, request: { id: number; measureId: number; submittedAt: string | null; createdAt: string }, stages: readonly DocumentStage[]) {
  const [expected, provided] = await Promise.all([expectedDocumentsOf(db, request.measureId), providedOf(db, request.id)]);
  return missingDocuments(expectedAt(expected, documentRuleDate(request)), provided, stages);
}

/** Documents named in the request for information `informationRequestId` and not provided yet. */
export async function requestedStillMissing(db: Db, informationRequestId: number) {
  return missingRequested(await db.selectFrom('informationRequestItems').select(['id', 'label', 'documentId']).where('informationRequestId', '=', informationRequestId).orderBy('id').execute());
}

/** Every document of a request with its versions, newest version last, with who and when. */
export async function documentsOfRequest(db: Db, requestId: number) {
  const [documents, versions] = await Promise.all([
    db.selectFrom('requestDocuments as d').innerJoin('organisations as g', 'g.id', 'd.organisationId')
      .select(['d.id', 'd.stage', 'd.expectedDocumentId', 'd.informationItemId', 'd.messageId', 'd.label', 'd.organisationId', 'g.name as organisationName', 'd.createdAt', 'd.version'])
      .where('d.requestId', '=', requestId).orderBy('d.id').execute(),
    db.selectFrom('requestDocumentVersions as v').innerJoin('requestDocuments as d', 'd.id', 'v.documentId')
      .innerJoin('organisations as g', 'g.id', 'v.organisationId').innerJoin('users as u', 'u.id', 'v.uploadedBy')
      .select(['v.id', 'v.documentId', 'v.versionNo', 'v.filename', 'v.contentType', 'v.sizeBytes', 'v.uploadedAt', 'g.name as organisationName', 'u.displayName as uploadedByName'])
      .where('d.requestId', '=', requestId).orderBy('v.documentId').orderBy('v.versionNo').execute(),
  ]);
  return documents.map((d) => {
    const mine = versions.filter((v) => v.documentId === d.id).map((v) => ({ ...v, url: `/api/document-versions/${v.id}` }));
    return { ...d, current: mine[mine.length - 1] ?? null, versions: mine };
  });
}

export type PresentedDocument = Awaited<ReturnType<typeof documentsOfRequest>>[number];

/** The checklist of a request as its viewer sees it: per stage, expected documents provided or missing. */
export async function presentDocuments(db: Db, actor: Actor, request: { id: number; measureId: number; status: string; submittedAt: string | null; createdAt: string }, mayUpload: boolean) {
  const status = request.status as RequestStatus;
  const [expectedRows, documents, requested] = await Promise.all([
    expectedDocumentsOf(db, request.measureId),
    documentsOfRequest(db, request.id),
    db.selectFrom('informationRequestItems as i').innerJoin('informationRequests as q', 'q.id', 'i.informationRequestId')
      .innerJoin('organisations as g', 'g.id', 'q.askedByOrganisationId')
      .select(['i.id', 'i.informationRequestId', 'i.expectedDocumentId', 'i.label', 'i.documentId', 'q.askedAt', 'q.answeredAt', 'g.name as askedByOrganisation'])
      .where('i.requestId', '=', request.id).orderBy('i.id').execute(),
  ]);
  const expected = expectedAt(expectedRows, documentRuleDate(request));
  const filed = documents.filter((d) => d.messageId === null);
  const stages = checklist(expected, filed).map((s) => ({
    stage: s.stage, label: s.label, open: isStageOpen(s.stage, status),
    lines: s.lines.map((l) => ({ expectedDocumentId: l.expected.id, label: l.expected.label, isRequired: l.expected.isRequired, documents: l.provided })),
    others: s.others,
  }));
  const mayDelete = (d: PresentedDocument) => mayUpload && d.organisationId === actor.organisationId && d.stage !== null && isStageOpen(d.stage as DocumentStage, status);
  // Replacing and deleting belong to the organisation that uploaded the document.
  const withRights = (d: PresentedDocument) => ({ ...d, mayDelete: mayDelete(d), mayReplace: mayDelete(d) });
  return {
    stages: stages.map((s) => ({
      ...s,
      lines: s.lines.map((l) => ({ ...l, documents: l.documents.map(withRights) })),
      others: s.others.map(withRights),
    })),
    requested: requested.map((i) => ({ ...i, document: documents.find((d) => d.id === i.documentId) ?? null })),
    uploadStages: mayUpload ? openStages(status).map((stage) => ({ stage, label: DOCUMENT_STAGE_LABELS[stage] })) : [],
    missing: missingDocuments(expected, filed, ['filing', 'information', 'realisation', 'payment']),
  };
}
