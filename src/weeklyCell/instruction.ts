import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { recordHistory } from '../platform/history/history.js';
import { setOpinionDeadlines } from './deadlineRecords.js';
import { notifyOrganisations, organisationsOfKind } from '../platform/notifications/notify.js';
import type { Funder } from '../programmes/funders.js';
import { checkFinancingPlan } from './financingPlan.js';
import type { ActionScope } from '../platform/actions/runAction.js';
import { fundingRules, moveTo, type RequestAggregate } from './requestRepository.js';
import { envelopeBalances } from '../programmes/envelopeBalance.js';
import { nextStatus, type RequestStatus } from './requestStatus.js';
import type { RequestDraft } from './requestSchema.js';
import { readiness, routePartners, type Readiness } from './routing.js';
import { documentIssues, documentRuleDate } from './requestDocuments.js';
import { expectedAt, missingDocuments } from './documentChecklist.js';
import type { EnvelopeBalance } from '../programmes/envelopeBalance.js';
import type { Row } from '../platform/db/schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export async function planIssues(db: Db, aggregate: RequestAggregate) {
  const r = aggregate.request;
  const [rules, envelopes] = await Promise.all([fundingRules(db, r.measureId), envelopeBalances(db, [r.measureId])]);
  return planIssuesFrom(aggregate, rules, envelopes);
}

/** The financing plan's issues under the measure's rules and envelopes, already read. */
export function planIssuesFrom(aggregate: RequestAggregate, rules: readonly Row<'fundingRules'>[], envelopes: readonly EnvelopeBalance[]) {
  const r = aggregate.request;
  return checkFinancingPlan({
    lines: aggregate.fundingLines.map((l) => ({ funder: l.funder as Funder, proposedCents: l.proposedCents })),
    totalCostCents: r.totalCostCents,
    trainingHours: r.trainingHours,
    headcount: r.headcount,
    ruleDate: r.activityDropStart ?? (r.submittedAt ?? r.createdAt).slice(0, 10),
  }, rules, envelopes);
}

export async function partnersOf(db: Db, requestId: number) {
  return db.selectFrom('requestPartners as p').innerJoin('organisations as o', 'o.id', 'p.organisationId')
    .select(['p.organisationId', 'o.name', 'o.kind', 'p.reason', 'p.isRequired'])
    .where('p.requestId', '=', requestId).orderBy('p.id').execute();
}

/** What readiness for the cell is judged on, besides the aggregate. */
export interface ReadinessInputs {
  partners: Awaited<ReturnType<typeof partnersOf>>;
  opinionsFrom: readonly number[];
  openInformationRequests: number;
  rules: readonly Row<'fundingRules'>[];
  envelopes: readonly EnvelopeBalance[];
  expectedDocuments: readonly Row<'expectedDocuments'>[];
  providedDocuments: readonly { id: number; stage: string | null; expectedDocumentId: number | null }[];
}

export async function computeReadiness(db: Db, aggregate: RequestAggregate): Promise<Readiness> {
  const id = aggregate.request.id;
  const [partners, opinions, open, issues, documents] = await Promise.all([
    partnersOf(db, id),
    db.selectFrom('opinions').select('organisationId').where('requestId', '=', id).execute(),
    db.selectFrom('informationRequests').select('id').where('requestId', '=', id).where('answeredAt', 'is', null).execute(),
    planIssues(db, aggregate),
    documentIssues(db, aggregate.request, ['filing', 'information']),
  ]);
  return readiness(partners, new Set(opinions.map((o) => o.organisationId)), [...issues, ...documents], open.length);
}

/** The same judgement as `computeReadiness`, on inputs read with the rest of a request (the detail). */
export function readinessFrom(aggregate: RequestAggregate, inputs: ReadinessInputs): Readiness {
  const documents = missingDocuments(expectedAt(inputs.expectedDocuments, documentRuleDate(aggregate.request)), inputs.providedDocuments, ['filing', 'information']);
  return readiness(inputs.partners, new Set(inputs.opinionsFrom), [...planIssuesFrom(aggregate, inputs.rules, inputs.envelopes), ...documents], inputs.openInformationRequests);
}

/** What routing looks at, from a loaded request or from the draft just saved. */
export interface RoutingFacts {
  measureId: number; trainingFundId: number | null; departement: string | null; nafCode: string | null;
  funders: string[]; hasJobSeekers: boolean;
}

export function routingFacts(aggregate: RequestAggregate): RoutingFacts {
  const r = aggregate.request;
  return {
    measureId: r.measureId, trainingFundId: r.trainingFundId, departement: r.departement, nafCode: r.nafCode,
    funders: aggregate.fundingLines.map((l) => l.funder), hasJobSeekers: aggregate.employees.some((e) => e.situation === 'job_seeker'),
  };
}

export function draftRoutingFacts(draft: RequestDraft): RoutingFacts {
  return {
    measureId: draft.measureId, trainingFundId: draft.trainingFundId ?? null, departement: draft.company.departement ?? null,
    nafCode: draft.company.nafCode ?? null, funders: draft.fundingLines.map((l) => l.funder), hasJobSeekers: draft.employees.some((e) => e.situation === 'job_seeker'),
  };
}

/**
 * Routes a request to the partners its rules name, and keeps that routing true when an
 * edit changes it: partners now named receive the request, partners no longer named lose
 * it (their opinion row goes; the history keeps it), partners still named keep their opinion.
 */
/** Routes the request; the partners added get their opinion deadline of the day `at`. */
export async function routeRequest(trx: Transaction<Schema>, requestId: number, facts: RoutingFacts, at?: string): Promise<{ added: number[]; removed: number[] }> {
  const [rules, naf] = await Promise.all([
    trx.selectFrom('routingRules').selectAll().where('measureId', '=', facts.measureId).execute(),
    facts.nafCode ? trx.selectFrom('nafCodes').select('section').where('code', '=', facts.nafCode).executeTakeFirst() : undefined,
  ]);
  const partners = routePartners(rules, {
    trainingFundId: facts.trainingFundId, departement: facts.departement, nafSection: naf?.section ?? null,
    funders: facts.funders, hasJobSeekers: facts.hasJobSeekers,
  });
  const existing = await trx.selectFrom('requestPartners').select('organisationId').where('requestId', '=', requestId).execute();
  const known = new Set(existing.map((p) => p.organisationId));
  const wanted = new Set(partners.map((p) => p.organisationId));
  const added = partners.filter((p) => !known.has(p.organisationId));
  const removed = [...known].filter((id) => !wanted.has(id));
  if (added.length) await trx.insertInto('requestPartners').values(added.map((p) => ({ requestId, ...p }))).execute();
  if (at) await setOpinionDeadlines(trx, requestId, added.map((p) => p.organisationId), at);
  if (removed.length) {
    await trx.deleteFrom('requestPartners').where('requestId', '=', requestId).where('organisationId', 'in', removed).execute();
    await trx.deleteFrom('opinions').where('requestId', '=', requestId).where('organisationId', 'in', removed).execute();
  }
  return { added: added.map((p) => p.organisationId), removed };
}

/**
 * After anything that can change readiness (an opinion, an answer, a new plan), the
 * request moves itself between "in instruction" and "ready for the cell". It works on the
 * aggregate its action loaded under the request's lock, and keeps it current.
 */
export async function refreshReadiness(scope: Pick<ActionScope, 'trx' | 'at'>, aggregate: RequestAggregate): Promise<void> {
  const { trx, at } = scope;
  const status = aggregate.request.status as RequestStatus;
  if (status !== 'in_instruction' && status !== 'ready_for_cell') return;
  const { ready } = await computeReadiness(trx, aggregate);
  const to = nextStatus(status, ready ? 'becomeReady' : 'becomeUnready', 'system');
  if (!to) return;
  const requestId = aggregate.request.id;
  await moveTo(scope, aggregate, to);
  await recordHistory(trx, null, at, { entityType: 'fundingRequest', entityId: requestId, action: to === 'ready_for_cell' ? 'ready_for_cell' : 'back_in_instruction' });
  if (to === 'ready_for_cell') {
    await notifyOrganisations(trx, at, await organisationsOfKind(trx, 'secretariat'), {
      subject: `Demande ${aggregate.request.reference} prête pour la cellule`,
      body: `Tous les avis requis sont rendus et le plan de financement est équilibré pour ${aggregate.request.companyName}.`,
      link: `/demandes/${requestId}`, kind: 'request_ready',
    });
  }
}
