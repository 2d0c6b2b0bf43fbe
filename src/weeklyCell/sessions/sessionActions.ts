import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { defineAction, type ActionScope } from '../../platform/actions/runAction.js';
import { AppError, invalid, invalidMany, notFound, staleVersion } from '../../platform/http/errors.js';
import { recordHistory } from '../../platform/history/history.js';
import { can, PARTNER_KINDS, type Actor, type OrganisationKind } from '../../platform/identity/roles.js';
import type { Funder } from '../../programmes/funders.js';
import { decisionLines, type Decision, type DecisionLine } from '../decisions.js';
import { setStatus } from '../requestRepository.js';
import { nextStatus, REQUEST_STATUS_LABELS, type RequestStatus } from '../requestStatus.js';
import { sessionReference, type SessionStatus } from '../sessionStatus.js';
import { requireSessionAudience } from './sessionAccess.js';
import { alignOpinionDeadlines } from '../deadlineRecords.js';
import { assertSessionPolicy, cellToday, earlyMotivation, type SessionAction } from './sessionPolicy.js';

type Trx = Transaction<Schema>;

export function sessionActor(scope: ActionScope): Actor {
  if (!scope.actor) throw new AppError(401, 'unauthenticated', 'Connectez-vous pour continuer.');
  return scope.actor;
}

/**
 * Loads the session the action works on (its row already locked by the action) and
 * checks, in this order, that the actor may see it (else 404) and may take this action
 * in its status (403 or 409).
 */
export async function sessionFor(scope: ActionScope, sessionId: number, action: SessionAction, subject: Parameters<typeof assertSessionPolicy>[3] = {}) {
  const actor = sessionActor(scope);
  const audience = await requireSessionAudience(scope.trx, actor, sessionId);
  const session = await scope.trx.selectFrom('cellSessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  assertSessionPolicy(action, audience.party, session.status as SessionStatus, subject);
  return { actor, session };
}

const lockSession = (input: { sessionId: number }) => [{ table: 'cellSessions' as const, ids: [input.sessionId] }];

async function schedule(trx: Trx, actor: Actor, at: string, sessionId: number, r: { id: number; version: number; status: string }, position: number) {
  const to = nextStatus(r.status as RequestStatus, 'schedule', 'secretariat');
  if (!to) throw invalid('requestId', `Seule une demande prête pour la cellule s’inscrit à l’ordre du jour (celle-ci est « ${REQUEST_STATUS_LABELS[r.status as RequestStatus]} »).`);
  await setStatus(trx, r.id, r.version, to, at);
  await trx.insertInto('agendaItems').values({ sessionId, requestId: r.id, position, decision: null, motivation: null, decidedBy: null, decidedAt: null }).execute();
  await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: r.id, action: 'scheduled', changes: { sessionId } });
}

/** Prepares the week's session; its agenda takes every request ready for the cell. */
export const prepareSession = defineAction<{ heldOn: string }, number>({
  name: 'prepareSession',
  async run(scope, input) {
    const actor = sessionActor(scope);
    assertSessionPolicy('prepare', can.runCell(actor) ? 'secretariat' : 'member', 'planned');
    const { trx, at } = scope;
    const reference = sessionReference(input.heldOn);
    const taken = await trx.selectFrom('cellSessions').select('id').where('reference', '=', reference).executeTakeFirst();
    if (taken) throw new AppError(409, 'duplicate', `La séance de cette semaine existe déjà (${reference}).`, 'heldOn');
    const session = await trx.insertInto('cellSessions').values({ reference, heldOn: input.heldOn, status: 'planned', openedAt: null, closedAt: null, createdBy: actor.userId, createdAt: at, version: 1 })
      .returning('id').executeTakeFirstOrThrow();
    await alignOpinionDeadlines(trx, input.heldOn);
    const ready = await trx.selectFrom('fundingRequests').select(['id', 'version', 'status']).where('status', '=', 'ready_for_cell').orderBy('submittedAt').orderBy('id').execute();
    await scope.lock({ table: 'fundingRequests', ids: ready.map((r) => r.id) });
    for (const [position, r] of ready.entries()) await schedule(trx, actor, at, session.id, r, position);
    await recordHistory(trx, actor, at, { entityType: 'cellSession', entityId: session.id, action: 'created', changes: { heldOn: input.heldOn, agenda: ready.map((r) => r.id) } });
    return session.id;
  },
});

export const scheduleRequest = defineAction<{ sessionId: number; requestId: number }, void>({
  name: 'scheduleRequest',
  locks: (input) => [...lockSession(input), { table: 'fundingRequests', ids: [input.requestId] }],
  async run(scope, input) {
    const { actor, session } = await sessionFor(scope, input.sessionId, 'schedule');
    const r = await scope.trx.selectFrom('fundingRequests').select(['id', 'version', 'status']).where('id', '=', input.requestId).executeTakeFirst();
    if (!r || r.status === 'draft') throw invalid('requestId', 'Demande introuvable.');
    const last = await scope.trx.selectFrom('agendaItems').select((eb) => eb.fn.max('position').as('p')).where('sessionId', '=', session.id).executeTakeFirst();
    await schedule(scope.trx, actor, scope.at, session.id, r, Number(last?.p ?? -1) + 1);
  },
});

export const unscheduleRequest = defineAction<{ sessionId: number; itemId: number }, void>({
  name: 'unscheduleRequest',
  locks: lockSession,
  async run(scope, input) {
    const { trx, at } = scope;
    const item = await trx.selectFrom('agendaItems').selectAll().where('id', '=', input.itemId).where('sessionId', '=', input.sessionId).executeTakeFirst();
    const { actor, session } = await sessionFor(scope, input.sessionId, 'unschedule', { item: item ?? undefined });
    if (!item) throw notFound('Point de l’ordre du jour');
    await scope.lock({ table: 'fundingRequests', ids: [item.requestId] });
    const r = await trx.selectFrom('fundingRequests').select(['id', 'version', 'status']).where('id', '=', item.requestId).executeTakeFirstOrThrow();
    const to = nextStatus(r.status as RequestStatus, 'unschedule', 'secretariat');
    if (!to) throw invalid('itemId', `La demande est « ${REQUEST_STATUS_LABELS[r.status as RequestStatus]} » : elle ne peut plus être retirée.`);
    await setStatus(trx, r.id, r.version, to, at);
    await trx.deleteFrom('agendaItems').where('id', '=', item.id).execute();
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: r.id, action: 'unscheduled', changes: { sessionId: session.id } });
  },
});

export interface AttendeeInput { organisationId: number; representative?: string | null; title?: string | null }
export interface OpenSessionInput {
  sessionId: number; version: number;
  /** Who sits today; without it, the cell's standing members as recorded. */
  attendees?: AttendeeInput[];
  chair?: { name: string; title: string };
  earlyMotivation?: string;
}

const SITTING_KINDS: readonly OrganisationKind[] = [...PARTNER_KINDS, 'secretariat'];

/** The organisations that may sit in the cell: partners that instruct, and the secretariat. */
export async function assertMaySit(trx: Trx, organisationIds: readonly number[], path: (index: number) => string): Promise<void> {
  if (new Set(organisationIds).size !== organisationIds.length) throw invalid(path(organisationIds.length - 1), 'Une organisation figure deux fois dans la liste.');
  if (organisationIds.length === 0) return;
  const found = await trx.selectFrom('organisations').select(['id', 'kind', 'isActive']).where('id', 'in', [...organisationIds]).execute();
  organisationIds.forEach((id, i) => {
    const org = found.find((o) => o.id === id);
    if (!org || !org.isActive) throw invalid(path(i), 'Organisation inconnue.');
    if (!SITTING_KINDS.includes(org.kind as OrganisationKind)) throw invalid(path(i), 'Seuls les partenaires qui instruisent et le secrétariat siègent à la cellule.');
  });
}

/** Opens the session: the attendees are recorded (they sign the minutes), with the chair who signs the letters. */
export const openSession = defineAction<OpenSessionInput, void>({
  name: 'openSession',
  locks: lockSession,
  async run(scope, input) {
    const { actor, session } = await sessionFor(scope, input.sessionId, 'open');
    const { trx, at } = scope;
    if (session.version !== input.version) throw staleVersion('Cette séance');
    const early = earlyMotivation(session.heldOn, cellToday(at), 'open', input.earlyMotivation);
    const attendees = input.attendees ?? (await trx.selectFrom('cellMembers').select(['organisationId', 'representative', 'title']).orderBy('id').execute());
    await assertMaySit(trx, attendees.map((a) => a.organisationId), (i) => `attendees.${i}.organisationId`);
    const chair = input.chair ?? { name: actor.displayName, title: 'Secrétariat de la cellule opérationnelle hebdomadaire' };
    const done = await trx.updateTable('cellSessions').set({ status: 'open', openedAt: at, chairName: chair.name, chairTitle: chair.title, version: input.version + 1 })
      .where('id', '=', session.id).where('version', '=', input.version).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw staleVersion('Cette séance');
    if (attendees.length) {
      await trx.insertInto('sessionAttendees').values(attendees.map((a) => ({
        sessionId: session.id, organisationId: a.organisationId, representative: a.representative?.trim() || null, title: a.title?.trim() || null,
      }))).execute();
    }
    await recordHistory(trx, actor, at, {
      entityType: 'cellSession', entityId: session.id, action: 'opened', motivation: early,
      changes: { attendees, chair, ...(early ? { heldOn: session.heldOn, openedBeforeItsDate: true } : {}) },
    });
  },
});

export interface DecisionInput { sessionId: number; itemId: number; decision: Decision; motivation: string; lines?: DecisionLine[] }

export const recordDecision = defineAction<DecisionInput, void>({
  name: 'recordDecision',
  locks: lockSession,
  async run(scope, input) {
    const { actor, session } = await sessionFor(scope, input.sessionId, 'recordDecision');
    const { trx, at } = scope;
    const item = await trx.selectFrom('agendaItems').selectAll().where('id', '=', input.itemId).where('sessionId', '=', session.id).executeTakeFirst();
    if (!item) throw invalid('itemId', 'Cette demande n’est pas inscrite à l’ordre du jour de la séance.');
    const proposed = await trx.selectFrom('fundingLines').select(['funder', 'proposedCents']).where('requestId', '=', item.requestId).orderBy('position').execute();
    const { lines, issues } = decisionLines(input.decision, proposed.map((p) => ({ funder: p.funder as Funder, proposedCents: Number(p.proposedCents) })), input.lines, input.motivation);
    if (issues.length) throw invalidMany(issues);
    await trx.updateTable('agendaItems').set({ decision: input.decision, motivation: input.motivation, decidedBy: actor.userId, decidedAt: at }).where('id', '=', item.id).execute();
    await trx.deleteFrom('decisionLines').where('agendaItemId', '=', item.id).execute();
    if (lines.length) await trx.insertInto('decisionLines').values(lines.map((l) => ({ agendaItemId: item.id, ...l }))).execute();
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: item.requestId, action: 'decision_recorded', motivation: input.motivation, changes: { decision: input.decision, lines, sessionId: session.id } });
  },
});

/** Replaces the list of the cell's standing members: they read every session and its minutes. */
export const setCellMembers = defineAction<{ members: AttendeeInput[] }, void>({
  name: 'setCellMembers',
  // Two secretaries saving the list at once queue on their organisation's row.
  locks: (_input, actor) => (actor ? [{ table: 'organisations', ids: [actor.organisationId] }] : []),
  async run(scope, input) {
    const actor = sessionActor(scope);
    if (!can.runCell(actor)) throw new AppError(403, 'forbidden', 'Seul le secrétariat de la cellule désigne les membres permanents.');
    const { trx, at } = scope;
    await assertMaySit(trx, input.members.map((m) => m.organisationId), (i) => `members.${i}.organisationId`);
    const before = await trx.selectFrom('cellMembers').select(['organisationId', 'representative', 'title']).orderBy('id').execute();
    await trx.deleteFrom('cellMembers').execute();
    if (input.members.length) {
      await trx.insertInto('cellMembers').values(input.members.map((m) => ({
        organisationId: m.organisationId, representative: m.representative?.trim() || null, title: m.title?.trim() || null, createdAt: at,
      }))).execute();
    }
    // The cell's composition has no row of its own: its history hangs on the secretariat.
    await recordHistory(trx, actor, at, { entityType: 'cellMembers', entityId: actor.organisationId, action: 'updated', changes: { before, after: input.members } });
  },
});
