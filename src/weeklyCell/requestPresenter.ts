import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import { FUNDER_LABELS, fundersOf, type Funder } from '../programmes/funders.js';
import { DECISION_LABELS, type Decision } from './decisions.js';
import { notFound } from '../platform/http/errors.js';
import { funderAccounts } from './funderAccounts.js';
import { computeReadiness, partnersOf } from './instruction.js';
import { requestedDocumentsOf } from './requestDocuments.js';
import { partyFor, requestActionsAllowed } from './requestPolicy.js';
import { loadAggregate, toDraft, type RequestAggregate } from './requestRepository.js';
import { OPEN_FOR_OPINIONS, REQUEST_STATUS_LABELS, type Party, type RequestStatus } from './requestStatus.js';
import { actionTotals } from './totals.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Loads a request for a viewer and presents it, or answers « introuvable » to anyone it is not visible to. */
export async function viewRequest(db: Db, actor: Actor, requestId: number) {
  const aggregate = await loadAggregate(db, requestId);
  const party = aggregate ? await partyFor(db, actor, aggregate.request) : null;
  if (!aggregate || !party) throw notFound('Demande');
  return presentRequest(db, aggregate, actor, party);
}

/** The request as its viewer may see it, with the actions the viewer may take now (from the policy table). */
export async function presentRequest(db: Db, aggregate: RequestAggregate, actor: Actor, party: Party) {
  const r = aggregate.request;
  const status = r.status as RequestStatus;
  const [partners, opinions, informationRequests, payments, decisions, documents, readiness, accounts, measure, trainingFund] = await Promise.all([
    partnersOf(db, r.id),
    db.selectFrom('opinions as o').innerJoin('organisations as g', 'g.id', 'o.organisationId').innerJoin('users as u', 'u.id', 'o.authorId')
      .select(['o.id', 'o.organisationId', 'g.name as organisationName', 'o.verdict', 'o.comment', 'o.funder', 'o.proposedCents', 'u.displayName as authorName', 'o.updatedAt', 'o.version'])
      .where('o.requestId', '=', r.id).orderBy('o.id').execute(),
    db.selectFrom('informationRequests as i').innerJoin('organisations as g', 'g.id', 'i.askedByOrganisationId')
      .innerJoin('users as u', 'u.id', 'i.askedBy').leftJoin('users as a', 'a.id', 'i.answeredBy')
      .select(['i.id', 'i.reason', 'g.name as askedByOrganisation', 'u.displayName as askedByName', 'i.askedAt', 'i.answer', 'a.displayName as answeredByName', 'i.answeredAt'])
      .where('i.requestId', '=', r.id).orderBy('i.id').execute(),
    db.selectFrom('payments as p').innerJoin('organisations as g', 'g.id', 'p.organisationId')
      .select(['p.id', 'p.funder', 'p.amountCents', 'p.paidOn', 'p.reference', 'g.name as organisationName'])
      .where('p.requestId', '=', r.id).orderBy('p.id').execute(),
    db.selectFrom('agendaItems as a').innerJoin('cellSessions as s', 's.id', 'a.sessionId')
      .select(['a.id', 's.id as sessionId', 's.reference as sessionReference', 's.heldOn', 's.status as sessionStatus', 'a.decision', 'a.motivation'])
      .where('a.requestId', '=', r.id).orderBy('a.id').execute(),
    db.selectFrom('documents').select(['id', 'kind', 'filename', 'createdAt'])
      .where('ownerType', '=', 'fundingRequest').where('ownerId', '=', r.id).orderBy('id').execute(),
    status === 'draft' || OPEN_FOR_OPINIONS.includes(status) ? computeReadiness(db, aggregate) : Promise.resolve(null),
    funderAccounts(db, aggregate),
    db.selectFrom('measures').select(['id', 'code', 'name']).where('id', '=', r.measureId).executeTakeFirstOrThrow(),
    r.trainingFundId ? db.selectFrom('organisations').select(['id', 'name']).where('id', '=', r.trainingFundId).executeTakeFirst() : undefined,
  ]);

  const requested = informationRequests.length ? await requestedDocumentsOf(db, r.id) : [];
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
