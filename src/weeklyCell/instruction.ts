import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { recordHistory } from '../platform/history/history.js';
import { notifyOrganisations, organisationsOfKind } from '../platform/notifications/notify.js';
import type { Funder } from '../programmes/funders.js';
import { checkFinancingPlan } from './financingPlan.js';
import { fundingRules, loadAggregate, setStatus, type RequestAggregate } from './requestRepository.js';
import { envelopeBalances } from '../programmes/envelopeBalance.js';
import { nextStatus, type RequestStatus } from './requestStatus.js';
import { readiness, routePartners, type Readiness } from './routing.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export async function planIssues(db: Db, aggregate: RequestAggregate) {
  const r = aggregate.request;
  const [rules, envelopes] = await Promise.all([fundingRules(db, r.measureId), envelopeBalances(db, [r.measureId])]);
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

export async function computeReadiness(db: Db, aggregate: RequestAggregate): Promise<Readiness> {
  const id = aggregate.request.id;
  const [partners, opinions, open, issues] = await Promise.all([
    partnersOf(db, id),
    db.selectFrom('opinions').select('organisationId').where('requestId', '=', id).execute(),
    db.selectFrom('informationRequests').select('id').where('requestId', '=', id).where('answeredAt', 'is', null).execute(),
    planIssues(db, aggregate),
  ]);
  return readiness(partners, new Set(opinions.map((o) => o.organisationId)), issues, open.length);
}

/** Routes a submitted request to its partners; partners already routed keep their opinions. */
export async function routeRequest(trx: Transaction<Schema>, aggregate: RequestAggregate): Promise<number[]> {
  const r = aggregate.request;
  const [rules, naf] = await Promise.all([
    trx.selectFrom('routingRules').selectAll().where('measureId', '=', r.measureId).execute(),
    r.nafCode ? trx.selectFrom('nafCodes').select('section').where('code', '=', r.nafCode).executeTakeFirst() : undefined,
  ]);
  const partners = routePartners(rules, {
    trainingFundId: r.trainingFundId, departement: r.departement, nafSection: naf?.section ?? null,
    funders: aggregate.fundingLines.map((l) => l.funder),
    hasJobSeekers: aggregate.employees.some((e) => e.situation === 'job_seeker'),
  });
  const existing = await trx.selectFrom('requestPartners').select('organisationId').where('requestId', '=', r.id).execute();
  const known = new Set(existing.map((p) => p.organisationId));
  const added = partners.filter((p) => !known.has(p.organisationId));
  if (added.length) await trx.insertInto('requestPartners').values(added.map((p) => ({ requestId: r.id, ...p }))).execute();
  return added.map((p) => p.organisationId);
}

/**
 * After anything that can change readiness (an opinion, an answer, a new plan), the
 * request moves itself between "in instruction" and "ready for the cell".
 */
export async function refreshReadiness(trx: Transaction<Schema>, requestId: number, at: string): Promise<void> {
  const aggregate = await loadAggregate(trx, requestId);
  if (!aggregate) return;
  const status = aggregate.request.status as RequestStatus;
  if (status !== 'in_instruction' && status !== 'ready_for_cell') return;
  const { ready } = await computeReadiness(trx, aggregate);
  const event = ready ? 'becomeReady' : 'becomeUnready';
  const to = nextStatus(status, event, 'system');
  if (!to) return;
  await setStatus(trx, requestId, aggregate.request.version, to, at);
  await recordHistory(trx, null, at, { entityType: 'fundingRequest', entityId: requestId, action: to === 'ready_for_cell' ? 'ready_for_cell' : 'back_in_instruction' });
  if (to === 'ready_for_cell') {
    await notifyOrganisations(trx, at, await organisationsOfKind(trx, 'secretariat'), {
      subject: `Demande ${aggregate.request.reference} prête pour la cellule`,
      body: `Tous les avis requis sont rendus et le plan de financement est équilibré pour ${aggregate.request.companyName}.`,
      link: `/demandes/${requestId}`,
    });
  }
}
