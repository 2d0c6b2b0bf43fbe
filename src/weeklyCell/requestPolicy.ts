import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { assertPolicy, allowedActions, type PolicyTable } from '../platform/actions/policy.js';
import { forbidden, notFound, refusedTransition } from '../platform/http/errors.js';
import { can, type Actor, type OrganisationKind } from '../platform/identity/roles.js';
import { fundersOf, type Funder } from '../programmes/funders.js';
import {
  EDITABLE_BY_COMPANY, nextStatus, OPEN_FOR_OPINIONS, REQUEST_STATUS_LABELS, REQUEST_STATUSES, REQUEST_TRANSITIONS,
  type Party, type RequestEvent, type RequestStatus,
} from './requestStatus.js';
import { openStages } from './documentChecklist.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * Which requests an organisation sees, by its kind: its own, those routed to it, every
 * submitted one, or none. The list, the export and the detail all read this one table, so
 * a kind cannot see in one view what another view hides. Temp agencies and training
 * providers take part in Acte II measures, not in the weekly cell's files.
 */
export type RequestVisibility = 'own' | 'routed' | 'submitted' | 'none';

export const REQUEST_VISIBILITY: Record<OrganisationKind, RequestVisibility> = {
  company: 'own',
  training_fund: 'routed',
  state: 'routed',
  region: 'routed',
  pole_emploi: 'routed',
  fpspp: 'routed',
  secretariat: 'submitted',
  training_provider: 'none',
  temp_agency: 'none',
  social_partner: 'none',
};

/** The party each visibility makes of its viewer on the requests it sees. */
const PARTY_OF: Record<Exclude<RequestVisibility, 'none'>, Party> = { own: 'company', routed: 'partner', submitted: 'secretariat' };

/** Readers see figures only, whatever their kind. */
export function visibilityOf(actor: Actor): RequestVisibility {
  return can.readFiles(actor) ? REQUEST_VISIBILITY[actor.organisationKind] : 'none';
}

/** The visibility rule as a condition on `funding_requests as r`, for lists and exports. */
export function visibleRequests(actor: Actor) {
  return (eb: ExpressionBuilder<Schema & { r: Schema['fundingRequests'] }, 'r'>) => {
    switch (visibilityOf(actor)) {
      case 'own': return eb('r.companyId', '=', actor.organisationId);
      case 'routed': return eb.exists(eb.selectFrom('requestPartners as p').select('p.id')
        .whereRef('p.requestId', '=', 'r.id').where('p.organisationId', '=', actor.organisationId));
      case 'submitted': return eb('r.status', '!=', 'draft');
      case 'none': return sql<boolean>`1 = 0`;
    }
  };
}

/**
 * The viewer's party on one request, or null when the request is not visible to it. Anyone
 * else gets "not found", the same answer as for an id that does not exist, so another
 * organisation's ids reveal nothing.
 */
export async function partyFor(db: Db, actor: Actor, request: { id: number; companyId: number; status: string }): Promise<Party | null> {
  if (visibilityOf(actor) !== 'routed') return partyOf(actor, request, false);
  const routed = await db.selectFrom('requestPartners').select('id')
    .where('requestId', '=', request.id).where('organisationId', '=', actor.organisationId).executeTakeFirst();
  return partyOf(actor, request, !!routed);
}

/** The same answer, when whether the request is routed to the viewer's organisation was read with it (`routedToViewer`). */
export function partyOf(actor: Actor, request: { companyId: number; status: string }, routed: boolean): Party | null {
  switch (visibilityOf(actor)) {
    case 'none': return null;
    case 'own': return request.companyId === actor.organisationId ? PARTY_OF.own : null;
    case 'submitted': return request.status === 'draft' ? null : PARTY_OF.submitted;
    case 'routed': return routed ? PARTY_OF.routed : null;
  }
}

/** Whether the request `r` is routed to the viewer's organisation, as a column of a query on it. */
export function routedToViewer(actor: Actor) {
  return (eb: ExpressionBuilder<Schema & { r: Schema['fundingRequests'] }, 'r'>) => eb.exists(eb.selectFrom('requestPartners as p').select('p.id')
    .whereRef('p.requestId', '=', 'r.id').where('p.organisationId', '=', actor.organisationId));
}

export async function requireParty(db: Db, actor: Actor, requestId: number): Promise<{ party: Party; request: Schema['fundingRequests'] & { id: number; version: number } }> {
  const request = await db.selectFrom('fundingRequests').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request) throw notFound('Demande');
  const party = await partyFor(db, actor, request);
  if (!party) throw notFound('Demande');
  return { party, request: request as any };
}

/** Readers see figures only; listing files is refused outright rather than returning an empty list. */
export function assertMayListRequests(actor: Actor): void {
  if (!can.readFiles(actor)) throw forbidden('de consulter les dossiers individuels : les tableaux de pilotage présentent les chiffres agrégés');
}

/** Partners act on a request only with an instructing role; company readers only read. */
export function mayAct(actor: Actor, party: Party): boolean {
  if (party === 'company') return can.fileRequests(actor);
  if (party === 'partner') return can.instruct(actor);
  if (party === 'secretariat') return can.runCell(actor);
  return false;
}

/** What the guards of the table look at, beyond party and status. */
export interface RequestSubject {
  actor: Actor;
  party: Party;
  /** What each funder still owes on an approved request (empty before approval). */
  accounts: readonly { funder: string; remainingCents: number }[];
}

const roleAllows = (s: RequestSubject) => (mayAct(s.actor, s.party) ? null : 'Votre rôle ne vous permet pas de faire cette action sur ce dossier.');

const paymentDue = (s: RequestSubject) => {
  const mine = fundersOf(s.actor.organisationKind);
  return s.accounts.some((a) => mine.includes(a.funder as Funder) && a.remainingCents > 0)
    ? null : 'Aucun versement ne reste dû par votre organisation sur cette demande.';
};

const DOCUMENT_STATUSES = REQUEST_STATUSES.filter((s) => openStages(s).length > 0);

const byTransition = (event: RequestEvent) => ({ parties: REQUEST_TRANSITIONS[event].by, statuses: REQUEST_TRANSITIONS[event].from, guard: roleAllows });

/**
 * Who may do what on a funding request, in which statuses: the one answer to that
 * question. The actions enforce it (src/weeklyCell/actions/) and the presenter lists the
 * actions a viewer may take from it, so the buttons and the server cannot disagree.
 * The keys are the names the web app knows (`edit` saves the draft).
 */
export const REQUEST_POLICY = {
  edit: { parties: ['company'], statuses: EDITABLE_BY_COMPANY, guard: roleAllows },
  delete: { parties: ['company'], statuses: ['draft'], guard: roleAllows },
  submit: byTransition('submit'),
  withdraw: byTransition('withdraw'),
  askInformation: byTransition('askInformation'),
  answerInformation: byTransition('answerInformation'),
  giveOpinion: { parties: ['partner'], statuses: OPEN_FOR_OPINIONS, guard: roleAllows },
  // The secretariat moves a partner's opinion deadline while opinions are still open.
  setOpinionDeadline: { parties: ['secretariat'], statuses: OPEN_FOR_OPINIONS, guard: roleAllows },
  // The partners' private thread: the company is never a party to it.
  privateThread: { parties: ['partner', 'secretariat'], statuses: REQUEST_STATUSES.filter((s) => s !== 'draft'), guard: roleAllows },
  // The thread between the company and its partners, beside the private one.
  thread: { parties: ['company', 'partner', 'secretariat'], statuses: REQUEST_STATUSES.filter((s) => s !== 'draft'), guard: roleAllows },
  // Supporting documents: in a status where one of their stages is open (documentChecklist.ts).
  uploadDocument: { parties: ['company', 'partner'], statuses: DOCUMENT_STATUSES, guard: roleAllows },
  recordRealisation: { parties: ['company', 'partner'], statuses: ['approved'], guard: roleAllows },
  recordPayment: { parties: ['partner'], statuses: ['approved'], guard: (s) => roleAllows(s) ?? paymentDue(s) },
  settle: { parties: ['secretariat'], statuses: ['approved'], guard: roleAllows },
} satisfies PolicyTable<string, Party, RequestStatus, RequestSubject>;

export type RequestAction = keyof typeof REQUEST_POLICY;
export const REQUEST_ACTIONS = Object.keys(REQUEST_POLICY) as RequestAction[];

const describeStatus = (status: RequestStatus) => `la demande est « ${REQUEST_STATUS_LABELS[status]} »`;

/** Refuses in French: 403 when the role never allows it, 409 when the status or a guard forbids it now. */
export function assertRequestPolicy(action: RequestAction, subject: RequestSubject, status: RequestStatus): void {
  if (REQUEST_POLICY[action].parties.includes(subject.party as never) && !mayAct(subject.actor, subject.party)) {
    throw forbidden('de faire cette action sur cette demande');
  }
  assertPolicy(REQUEST_POLICY as PolicyTable<RequestAction, Party, RequestStatus, RequestSubject>, action, subject.party, status, subject, describeStatus);
}

export function requestActionsAllowed(subject: RequestSubject, status: RequestStatus): RequestAction[] {
  return allowedActions(REQUEST_POLICY as PolicyTable<RequestAction, Party, RequestStatus, RequestSubject>, subject.party, status, subject);
}

/** Applies a transition of the table or explains in French why it is refused. */
export function transition(status: RequestStatus, event: RequestEvent, party: Party): RequestStatus {
  const to = nextStatus(status, event, party);
  if (!to) throw refusedTransition(`Action impossible : ${describeStatus(status)}.`);
  return to;
}
