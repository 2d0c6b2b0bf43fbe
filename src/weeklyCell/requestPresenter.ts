import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { jsonRows, readJsonRows } from '../platform/db/jsonRows.js';
import type { Row, Schema } from '../platform/db/schema.js';
import type { EnvelopeBalance } from '../programmes/envelopeBalance.js';
import type { Actor } from '../platform/identity/roles.js';
import { FUNDER_LABELS, fundersOf, type Funder } from '../programmes/funders.js';
import { DECISION_LABELS, type Decision } from './decisions.js';
import { notFound } from '../platform/http/errors.js';
import { funderAccountsFrom } from './funderAccounts.js';
import { readinessFrom } from './instruction.js';
import { partyOf, requestActionsAllowed, routedToViewer } from './requestPolicy.js';
import { aggregateColumns, aggregateFrom, toDraft, type RequestAggregate } from './requestRepository.js';
import { OPEN_FOR_OPINIONS, REQUEST_STATUS_LABELS, type Party, type RequestStatus } from './requestStatus.js';
import { actionTotals } from './totals.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * The detail's lists, as JSON columns of the query on `funding_requests as r`: with the
 * aggregate, the measure and the training fund, the whole detail is one statement, so one
 * connection of the pool, however many lists a request has.
 */
function detailColumns(db: Db, actor: Actor) {
  return (eb: ExpressionBuilder<Schema & { r: Schema['fundingRequests'] }, 'r'>) => [
    routedToViewer(actor)(eb).as('isRoutedToViewer'),
    jsonRows(db, eb.selectFrom('requestPartners as p').innerJoin('organisations as o', 'o.id', 'p.organisationId')
      .select(['p.organisationId', 'o.name', 'o.kind', 'p.reason', 'p.isRequired'])
      .whereRef('p.requestId', '=', 'r.id').orderBy('p.id')).as('dPartners'),
    jsonRows(db, eb.selectFrom('opinions as o').innerJoin('organisations as g', 'g.id', 'o.organisationId').innerJoin('users as u', 'u.id', 'o.authorId')
      .select(['o.id', 'o.organisationId', 'g.name as organisationName', 'o.verdict', 'o.comment', 'o.funder', 'o.proposedCents', 'u.displayName as authorName', 'o.updatedAt', 'o.version'])
      .whereRef('o.requestId', '=', 'r.id').orderBy('o.id')).as('dOpinions'),
    jsonRows(db, eb.selectFrom('informationRequests as i').innerJoin('organisations as g', 'g.id', 'i.askedByOrganisationId')
      .innerJoin('users as u', 'u.id', 'i.askedBy').leftJoin('users as a', 'a.id', 'i.answeredBy')
      .select(['i.id', 'i.reason', 'g.name as askedByOrganisation', 'u.displayName as askedByName', 'i.askedAt', 'i.answer', 'a.displayName as answeredByName', 'i.answeredAt'])
      .whereRef('i.requestId', '=', 'r.id').orderBy('i.id')).as('dInformationRequests'),
    jsonRows(db, eb.selectFrom('payments as p').innerJoin('organisations as g', 'g.id', 'p.organisationId')
      .select(['p.id', 'p.funder', 'p.amountCents', 'p.paidOn', 'p.reference', 'g.name as organisationName'])
      .whereRef('p.requestId', '=', 'r.id').orderBy('p.id')).as('dPayments'),
    jsonRows(db, eb.selectFrom('agendaItems as a').innerJoin('cellSessions as s', 's.id', 'a.sessionId')
      .select(['a.id', 's.id as sessionId', 's.reference as sessionReference', 's.heldOn', 's.status as sessionStatus', 'a.decision', 'a.motivation'])
      .whereRef('a.requestId', '=', 'r.id').orderBy('a.id')).as('dDecisions'),
    jsonRows(db, eb.selectFrom('documents as d').select(['d.id', 'd.kind', 'd.filename', 'd.createdAt'])
      .where('d.ownerType', '=', 'fundingRequest').whereRef('d.ownerId', '=', 'r.id').orderBy('d.id')).as('dDocuments'),
    // The documents named in requests for information, and the versions of the request's documents (the file sent for each).
    jsonRows(db, eb.selectFrom('informationRequestItems as n').select(['n.id', 'n.informationRequestId', 'n.label', 'n.documentId'])
      .whereRef('n.requestId', '=', 'r.id').orderBy('n.id')).as('dRequestedItems'),
    jsonRows(db, eb.selectFrom('requestDocumentVersions as v').innerJoin('requestDocuments as rd', 'rd.id', 'v.documentId')
      .innerJoin('organisations as g', 'g.id', 'v.organisationId').innerJoin('users as u', 'u.id', 'v.uploadedBy')
      .select(['v.id', 'v.documentId', 'v.versionNo', 'v.filename', 'v.contentType', 'v.sizeBytes', 'v.uploadedAt', 'g.name as organisationName', 'u.displayName as uploadedByName'])
      .whereRef('rd.requestId', '=', 'r.id').orderBy('v.documentId').orderBy('v.versionNo')).as('dVersions'),
    // What readiness for the cell is judged on: the measure's rules, envelopes and expected documents, the documents provided.
    jsonRows(db, eb.selectFrom('fundingRules as f')
      .select(['f.id', 'f.measureId', 'f.funder', 'f.label', 'f.validFrom', 'f.validTo', 'f.maxRateBp', 'f.hourlyCapCents', 'f.maxHeadcount', 'f.version'])
      .whereRef('f.measureId', '=', 'r.measureId')).as('dRules'),
    jsonRows(db, eb.selectFrom('envelopes as e').select(['e.id', 'e.measureId', 'e.funder', 'e.amountCents', 'e.committedCents'])
      .whereRef('e.measureId', '=', 'r.measureId').orderBy('e.id')).as('dEnvelopes'),
    jsonRows(db, eb.selectFrom('expectedDocuments as x')
      .select(['x.id', 'x.measureId', 'x.stage', 'x.label', 'x.isRequired', 'x.position', 'x.validFrom', 'x.validTo', 'x.version'])
      .whereRef('x.measureId', '=', 'r.measureId').orderBy('x.position').orderBy('x.id')).as('dExpected'),
    jsonRows(db, eb.selectFrom('requestDocuments as pd').select(['pd.id', 'pd.stage', 'pd.expectedDocumentId'])
      .whereRef('pd.requestId', '=', 'r.id')).as('dProvided'),
  ];
}

const DETAIL_KEYS = ['measureCode', 'measureName', 'trainingFundName', 'isRoutedToViewer', 'dPartners', 'dOpinions',
  'dInformationRequests', 'dPayments', 'dDecisions', 'dDocuments', 'dRequestedItems', 'dVersions', 'dRules', 'dEnvelopes', 'dExpected', 'dProvided'];

/** Loads a request for a viewer and presents it, or answers « introuvable » to anyone it is not visible to. */
export async function viewRequest(db: Db, actor: Actor, requestId: number) {
  const row: Record<string, any> | undefined = await db.selectFrom('fundingRequests as r')
    .leftJoin('measures as m', 'm.id', 'r.measureId')
    .selectAll('r')
    .select(['m.code as measureCode', 'm.name as measureName'])
    // A subquery, not a join: PostgreSQL planned the join as a merge over the organisations' index.
    .select((eb) => eb.selectFrom('organisations as tf').select('tf.name').whereRef('tf.id', '=', 'r.trainingFundId').as('trainingFundName'))
    .select(aggregateColumns(db))
    .select(detailColumns(db, actor))
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!row) throw notFound('Demande');
  const aggregate = aggregateFrom(db, row, DETAIL_KEYS);
  const party = partyOf(actor, aggregate.request, !!row.isRoutedToViewer);
  if (!party) throw notFound('Demande');
  return presentRequest(aggregate, actor, party, {
    partners: readJsonRows(db, row.dPartners),
    opinions: readJsonRows(db, row.dOpinions),
    informationRequests: readJsonRows(db, row.dInformationRequests),
    payments: readJsonRows(db, row.dPayments),
    decisions: readJsonRows(db, row.dDecisions),
    documents: readJsonRows(db, row.dDocuments),
    requestedItems: readJsonRows(db, row.dRequestedItems),
    versions: readJsonRows(db, row.dVersions),
    rules: readJsonRows(db, row.dRules),
    envelopes: readJsonRows(db, row.dEnvelopes),
    expectedDocuments: readJsonRows(db, row.dExpected),
    providedDocuments: readJsonRows(db, row.dProvided),
    measure: { id: aggregate.request.measureId, code: row.measureCode as string, name: row.measureName as string },
    trainingFund: aggregate.request.trainingFundId && row.trainingFundName != null
      ? { id: aggregate.request.trainingFundId, name: row.trainingFundName as string } : null,
  });
}

interface DetailLists {
  partners: { organisationId: number; name: string; kind: string; reason: string; isRequired: boolean }[];
  opinions: { id: number; organisationId: number; organisationName: string; verdict: string; comment: string; funder: string | null; proposedCents: number | null; authorName: string; updatedAt: string; version: number }[];
  informationRequests: { id: number; reason: string; askedByOrganisation: string; askedByName: string; askedAt: string; answer: string | null; answeredByName: string | null; answeredAt: string | null }[];
  payments: { id: number; funder: string; amountCents: number; paidOn: string; reference: string | null; organisationName: string }[];
  decisions: { id: number; sessionId: number; sessionReference: string; heldOn: string; sessionStatus: string; decision: string | null; motivation: string | null }[];
  documents: { id: number; kind: string; filename: string; createdAt: string }[];
  requestedItems: { id: number; informationRequestId: number; label: string; documentId: number | null }[];
  versions: { id: number; documentId: number; versionNo: number; filename: string; contentType: string; sizeBytes: number; uploadedAt: string; organisationName: string; uploadedByName: string }[];
  rules: Row<'fundingRules'>[];
  envelopes: EnvelopeBalance[];
  expectedDocuments: Row<'expectedDocuments'>[];
  providedDocuments: { id: number; stage: string | null; expectedDocumentId: number | null }[];
  measure: { id: number; code: string; name: string };
  trainingFund: { id: number; name: string } | null;
}

/** The request as its viewer may see it, with the actions the viewer may take now (from the policy table). */
function presentRequest(aggregate: RequestAggregate, actor: Actor, party: Party, lists: DetailLists) {
  const r = aggregate.request;
  const status = r.status as RequestStatus;
  const { partners, opinions, informationRequests, payments, decisions, documents, measure, trainingFund } = lists;
  const readiness = status === 'draft' || OPEN_FOR_OPINIONS.includes(status)
    ? readinessFrom(aggregate, {
      partners, opinionsFrom: opinions.map((o) => o.organisationId), openInformationRequests: informationRequests.filter((i) => i.answeredAt === null).length,
      rules: lists.rules, envelopes: lists.envelopes, expectedDocuments: lists.expectedDocuments, providedDocuments: lists.providedDocuments,
    })
    : null;
  const accounts = funderAccountsFrom(aggregate, payments);
  // The file sent for each named document is its document's latest version.
  const current = new Map(lists.versions.map((v) => [v.documentId, { ...v, url: `/api/document-versions/${v.id}` }]));
  const requested = informationRequests.length ? lists.requestedItems.map((i) => ({ ...i, file: (i.documentId !== null ? current.get(i.documentId) : undefined) ?? null })) : [];
  const myOpinion = opinions.find((o) => o.organisationId === actor.organisationId) ?? null;
  const myFunders = fundersOf(actor.organisationKind);
  const actions = requestActionsAllowed({ actor, party, accounts: status === 'approved' ? accounts : [] }, status);

  const draft = toDraft(aggregate);
  return {
    id: r.id, reference: r.reference, status, statusLabel: REQUEST_STATUS_LABELS[status], version: r.version,
    party, allowedActions: actions, isImported: r.isImported,
    measure, trainingFund: trainingFund ?? null,
    draft,
    employees: aggregate.employees,
    actions: aggregate.actions.map((a) => ({
      ...a, traineeCount: a.traineeIds.length,
      ...actionTotals({ ...a, traineeCount: a.traineeIds.length }),
    })),
    fundingLines: aggregate.fundingLines.map((l) => ({ ...l, funderLabel: FUNDER_LABELS[l.funder as Funder] ?? l.funder })),
    totals: {
      traineeCount: r.traineeCount, trainingHours: r.trainingHours, teachingCostCents: r.teachingCostCents,
      payCostCents: r.payCostCents, totalCostCents: r.totalCostCents, realisedHours: r.realisedHours,
      realisedCostCents: r.realisedCostCents, committedCents: r.committedCents, paidCents: r.paidCents,
    },
    partners: partners.map((p) => ({ ...p, opinion: opinions.find((o) => o.organisationId === p.organisationId) ?? null })),
    opinions, myOpinion, myFunders,
    informationRequests: informationRequests.map((q) => ({ ...q, documents: requested.filter((d) => d.informationRequestId === q.id) })),
    payments, accounts,
    decisions: decisions.map((d) => ({ ...d, decisionLabel: d.decision ? DECISION_LABELS[d.decision as Decision] : null })),
    documents, readiness,
    dates: { createdAt: r.createdAt, submittedAt: r.submittedAt, decidedAt: r.decidedAt, closedAt: r.closedAt, updatedAt: r.updatedAt },
  };
}
