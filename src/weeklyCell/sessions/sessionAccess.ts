import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { notFound } from '../../platform/http/errors.js';
import { can, PARTNER_KINDS, type Actor } from '../../platform/identity/roles.js';
import type { SessionParty } from './sessionPolicy.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * The secrecy of the cell: a session, its agenda and its minutes are read by the
 * secretariat and by the organisations that sit in the cell — its standing members
 * (`cell_members`, edited by the secretariat) and those recorded as attending that
 * session. A partner a request was routed to sees, in the sessions that decide on it,
 * that request only. Anyone else gets « introuvable », as for a session that does not
 * exist. Companies read their decision on their request, never the session.
 */
export interface SessionAudience {
  party: SessionParty;
  /** null: every item; otherwise the requests this organisation may see on the agenda. */
  requestIds: number[] | null;
}

const readsSessions = (actor: Actor) => can.readFiles(actor) && (actor.organisationKind === 'secretariat' || PARTNER_KINDS.includes(actor.organisationKind));

export async function isCellMember(db: Db, organisationId: number): Promise<boolean> {
  return !!(await db.selectFrom('cellMembers').select('id').where('organisationId', '=', organisationId).executeTakeFirst());
}

export async function sessionAudience(db: Db, actor: Actor, sessionId: number): Promise<SessionAudience | null> {
  if (!readsSessions(actor)) return null;
  if (actor.organisationKind === 'secretariat') return { party: can.runCell(actor) ? 'secretariat' : 'member', requestIds: null };
  const sits = await isCellMember(db, actor.organisationId)
    || !!(await db.selectFrom('sessionAttendees').select('id').where('sessionId', '=', sessionId).where('organisationId', '=', actor.organisationId).executeTakeFirst());
  if (sits) return { party: 'member', requestIds: null };
  const routed = await db.selectFrom('agendaItems as a').innerJoin('requestPartners as p', 'p.requestId', 'a.requestId')
    .select('a.requestId').distinct().where('a.sessionId', '=', sessionId).where('p.organisationId', '=', actor.organisationId).execute();
  return routed.length ? { party: 'partner', requestIds: routed.map((r) => r.requestId) } : null;
}

/** The audience, or « Séance introuvable » for anyone outside it. */
export async function requireSessionAudience(db: Db, actor: Actor, sessionId: number): Promise<SessionAudience> {
  const session = await db.selectFrom('cellSessions').select('id').where('id', '=', sessionId).executeTakeFirst();
  const audience = session ? await sessionAudience(db, actor, sessionId) : null;
  if (!audience) throw notFound('Séance');
  return audience;
}

/**
 * Narrows a query over `cellSessions as s` to the sessions the actor may read. Returns
 * null when the actor reads none (the list is then refused or empty).
 */
export async function visibleSessions<O>(db: Db, actor: Actor, query: SelectQueryBuilder<any, any, O>): Promise<SelectQueryBuilder<any, any, O> | null> {
  if (!readsSessions(actor)) return null;
  if (actor.organisationKind === 'secretariat' || await isCellMember(db, actor.organisationId)) return query;
  const org = actor.organisationId;
  return query.where(sql<boolean>`(exists (select 1 from session_attendees sa where sa.session_id = s.id and sa.organisation_id = ${org})
    or exists (select 1 from agenda_items ai join request_partners rp on rp.request_id = ai.request_id where ai.session_id = s.id and rp.organisation_id = ${org}))`);
}

/** How many agenda items of each listed session the actor reads: all when it sits, else its own. */
export function itemCountFor(actor: Actor, member: boolean) {
  if (member || actor.organisationKind === 'secretariat') return sql<number>`(select count(*) from agenda_items a where a.session_id = s.id)`;
  const org = actor.organisationId;
  return sql<number>`(select count(*) from agenda_items a where a.session_id = s.id
    and (exists (select 1 from session_attendees sa where sa.session_id = s.id and sa.organisation_id = ${org})
      or exists (select 1 from request_partners rp where rp.request_id = a.request_id and rp.organisation_id = ${org})))`;
}
