import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { OPEN_FOR_OPINIONS } from './requestStatus.js';
import { addDays } from '../shared/dates.js';
import { cellToday } from './sessions/sessionPolicy.js';
import { instructionDays, isOverdue, opinionDueOn, replyDueOn } from './deadlines.js';

type Trx = Transaction<Schema>;
type Db = Kysely<Schema>;

const plannedSessionsAfter = async (trx: Trx | Db, day: string) =>
  (await trx.selectFrom('cellSessions').select('heldOn').where('status', '=', 'planned').where('heldOn', '>', day).orderBy('heldOn').limit(5).execute()).map((s) => String(s.heldOn).slice(0, 10));

/** Newly routed partners get their opinion deadline from the sessions planned on the day. */
export async function setOpinionDeadlines(trx: Trx, requestId: number, organisationIds: readonly number[], at: string): Promise<void> {
  if (organisationIds.length === 0) return;
  const routedOn = cellToday(at);
  const dueOn = opinionDueOn(routedOn, await plannedSessionsAfter(trx, routedOn));
  await trx.updateTable('requestPartners').set({ routedOn, opinionDueOn: dueOn })
    .where('requestId', '=', requestId).where('organisationId', 'in', [...organisationIds]).execute();
}

export const informationReplyDueOn = (at: string) => replyDueOn(cellToday(at));

/**
 * A session newly planned brings forward the deadlines that fell after it: opinions still
 * awaited on open requests, unless the secretariat set the date itself.
 */
export async function alignOpinionDeadlines(trx: Trx, heldOn: string): Promise<void> {
  const dayBefore = addDays(heldOn, -1);
  await trx.updateTable('requestPartners').set({ opinionDueOn: dayBefore })
    .where('isDueDateSet', '=', false).where('opinionDueOn', '>', dayBefore).where('routedOn', '<', dayBefore)
    .where((eb) => eb.exists(eb.selectFrom('fundingRequests as r').select('r.id').whereRef('r.id', '=', 'requestPartners.requestId').where('r.status', 'in', [...OPEN_FOR_OPINIONS])))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('opinions as o').select('o.id').whereRef('o.requestId', '=', 'requestPartners.requestId').whereRef('o.organisationId', '=', 'requestPartners.organisationId'))))
    .execute();
}

export interface RequestDeadlines {
  opinions: { organisationId: number; name: string; dueOn: string | null; isDueDateSet: boolean; isGiven: boolean; isOverdue: boolean }[];
  information: { id: number; dueOn: string | null; isAnswered: boolean; isOverdue: boolean }[];
  instruction: { gross: number; waiting: number; net: number } | null;
}

/** The deadlines of one request as the detail page shows them, with instruction days net of waiting. */
export async function requestDeadlines(db: Db | Trx, request: { id: number; status: string; submittedAt: string | null; decidedAt: string | null }, at: string): Promise<RequestDeadlines> {
  const today = cellToday(at);
  const [partners, opinions, questions] = await Promise.all([
    db.selectFrom('requestPartners as p').innerJoin('organisations as o', 'o.id', 'p.organisationId')
      .select(['p.organisationId', 'o.name', 'p.opinionDueOn', 'p.isDueDateSet']).where('p.requestId', '=', request.id).orderBy('p.id').execute(),
    db.selectFrom('opinions').select('organisationId').where('requestId', '=', request.id).execute(),
    db.selectFrom('informationRequests').select(['id', 'askedAt', 'answeredAt', 'replyDueOn']).where('requestId', '=', request.id).orderBy('id').execute(),
  ]);
  const given = new Set(opinions.map((o) => o.organisationId));
  const open = (OPEN_FOR_OPINIONS as readonly string[]).includes(request.status);
  const day = (v: string | null) => (v === null ? null : String(v).slice(0, 10));
  return {
    opinions: partners.map((p) => ({
      organisationId: p.organisationId, name: p.name, dueOn: day(p.opinionDueOn), isDueDateSet: Boolean(p.isDueDateSet),
      isGiven: given.has(p.organisationId), isOverdue: open && isOverdue(day(p.opinionDueOn), today, given.has(p.organisationId)),
    })),
    information: questions.map((q) => ({ id: q.id, dueOn: day(q.replyDueOn), isAnswered: q.answeredAt !== null, isOverdue: isOverdue(day(q.replyDueOn), today, q.answeredAt !== null) })),
    instruction: request.submittedAt
      ? instructionDays(cellToday(request.submittedAt), request.decidedAt ? cellToday(request.decidedAt) : today,
        questions.map((q) => ({ from: cellToday(q.askedAt), to: q.answeredAt ? cellToday(q.answeredAt) : null })))
      : null,
  };
}
