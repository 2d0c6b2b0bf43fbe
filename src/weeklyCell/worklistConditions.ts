import { sql, type ExpressionBuilder } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import { fundersOf } from '../programmes/funders.js';
import { OPEN_FOR_OPINIONS } from './requestStatus.js';

/**
 * What waits for an organisation on the requests it sees, as conditions on
 * `funding_requests as r`: the worklist counts with them and the list filters with them
 * (`/api/requests?todo=…`), so a count on the home page is the length of the list it links to.
 */
type Eb = ExpressionBuilder<Schema & { r: Schema['fundingRequests'] }, 'r'>;

export const REQUEST_TODOS = ['opinion', 'answered', 'payment'] as const;
export type RequestTodo = (typeof REQUEST_TODOS)[number];

/** Routed to the actor's organisation, open for opinions, and its opinion not given yet. */
export const awaitsOpinionOf = (actor: Actor, overdueBefore?: string) => (eb: Eb) => eb.and([
  eb('r.status', 'in', [...OPEN_FOR_OPINIONS]),
  eb.exists(eb.selectFrom('requestPartners as p').select('p.id').whereRef('p.requestId', '=', 'r.id').where('p.organisationId', '=', actor.organisationId)
    .$if(overdueBefore !== undefined, (q) => q.where('p.opinionDueOn', '<', overdueBefore!))),
  eb.not(eb.exists(eb.selectFrom('opinions as o').select('o.id').whereRef('o.requestId', '=', 'r.id').where('o.organisationId', '=', actor.organisationId))),
]);

/** The company answered a question the actor's organisation asked, since `since`, while opinions are open. */
export const answeredToMe = (actor: Actor, since: string) => (eb: Eb) => eb.and([
  eb('r.status', 'in', [...OPEN_FOR_OPINIONS]),
  eb.exists(eb.selectFrom('informationRequests as i').select('i.id').whereRef('i.requestId', '=', 'r.id')
    .where('i.askedByOrganisationId', '=', actor.organisationId).where('i.answeredAt', '>=', since)),
]);

/**
 * Approved, realised, and a funder's approved line not fully paid: a payment to record (by
 * the actor's own funders for a partner, by any for the secretariat, which follows them).
 */
export const paymentToRecord = (actor: Actor) => (eb: Eb) => {
  const mine = actor.organisationKind === 'secretariat' ? null : fundersOf(actor.organisationKind);
  return eb.and([
    eb('r.status', '=', 'approved'),
    eb('r.realisedHours', '>', 0),
    eb.exists(eb.selectFrom('fundingLines as l').select('l.id').whereRef('l.requestId', '=', 'r.id').where('l.approvedCents', '>', 0)
      .$if(mine !== null, (q) => q.where('l.funder', 'in', mine!.length ? [...mine!] : ['—']))
      .where(sql<boolean>`l.approved_cents > (select coalesce(sum(pay.amount_cents), 0) from payments pay where pay.request_id = l.request_id and pay.funder = l.funder)`)),
  ]);
};

/** The opinion deadline of the actor's organisation, or the reply deadline of an open question: for the lists' « en retard ». */
export const deadlineOf = (actor: Actor) => (eb: Eb) => actor.organisationKind === 'company'
  ? eb.selectFrom('informationRequests as i').select((e) => e.fn.min('i.replyDueOn').as('d')).whereRef('i.requestId', '=', 'r.id').where('i.answeredAt', 'is', null)
  : eb.selectFrom('requestPartners as p').select('p.opinionDueOn as d').whereRef('p.requestId', '=', 'r.id').where('p.organisationId', '=', actor.organisationId)
    .where((w) => w.not(w.exists(w.selectFrom('opinions as o').select('o.id').whereRef('o.requestId', '=', 'r.id').where('o.organisationId', '=', actor.organisationId))));
