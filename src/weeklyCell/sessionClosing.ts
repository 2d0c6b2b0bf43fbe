import { refusedTransition, staleVersion, type FieldIssue } from '../platform/http/errors.js';
import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import { recordHistory } from '../platform/history/history.js';
import { enqueueJob } from '../platform/outbox/jobs.js';
import { envelopeBalances, moveCommitted, type EnvelopeBalance } from '../programmes/envelopeBalance.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { formatEuros } from '../shared/money.js';
import type { Decision } from './decisions.js';
import { setStatus } from './requestRepository.js';
import { nextStatus, type RequestEvent, type RequestStatus } from './requestStatus.js';
import { sessionFor } from './sessions/sessionActions.js';
import { cellToday, earlyMotivation } from './sessions/sessionPolicy.js';

const EVENT_OF: Record<Decision, RequestEvent> = { approved: 'approve', partially_approved: 'approve', postponed: 'postpone', refused: 'refuse' };

export interface CloseSessionInput { sessionId: number; version: number; earlyMotivation?: string }

/**
 * Closing a session is one action: every decision takes effect on its request, approved
 * amounts are committed against each funder's envelope (refused as a whole if an envelope
 * would be overdrawn), and the documents are queued to be produced.
 *
 * Two closes, or a close and an administrator's cut, may draw on the same envelope at
 * once. The close therefore locks the session, then every envelope its decisions draw on,
 * in id order (the order every writer of envelopes uses, so they queue and never
 * deadlock), and reads the balances only once it holds them.
 */
export const closeSession = defineAction<CloseSessionInput, void>({
  name: 'closeSession',
  locks: (input) => [{ table: 'cellSessions', ids: [input.sessionId] }],
  async run(scope, input) {
    const { actor, session } = await sessionFor(scope, input.sessionId, 'close');
    const { trx, at } = scope;
    if (session.version !== input.version) throw staleVersion('Cette séance');
    const items = await trx.selectFrom('agendaItems as a').innerJoin('fundingRequests as r', 'r.id', 'a.requestId')
      .select(['a.id', 'a.decision', 'a.motivation', 'r.id as requestId', 'r.reference', 'r.version', 'r.status', 'r.measureId', 'r.companyId'])
      .where('a.sessionId', '=', session.id).orderBy('a.position').execute();
    const undecided = items.filter((i) => !i.decision);
    if (items.length === 0) throw refusedTransition('L’ordre du jour est vide : inscrivez au moins une demande avant de clore la séance.');
    if (undecided.length) {
      throw refusedTransition(`Décision manquante pour ${undecided.map((i) => i.reference).join(', ')} : chaque demande inscrite reçoit une décision avant la clôture.`,
        undecided.map((i) => ({ path: `items.${i.id}`, message: `Décision manquante : ${i.reference}` })));
    }
    const early = earlyMotivation(session.heldOn, cellToday(at), 'close', input.earlyMotivation);
    const done = await trx.updateTable('cellSessions').set({ status: 'closed', closedAt: at, version: input.version + 1 })
      .where('id', '=', session.id).where('version', '=', input.version).where('status', '=', 'open').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw staleVersion('Cette séance');

    const lines = await trx.selectFrom('decisionLines').selectAll().where('agendaItemId', 'in', items.map((i) => i.id)).orderBy('id').execute();
    const envelopes = await lockedEnvelopes(scope, items.map((i) => i.measureId));
    const overdrawn: FieldIssue[] = [];
    for (const item of items) {
      const decision = item.decision as Decision;
      const to = nextStatus(item.status as RequestStatus, EVENT_OF[decision], 'secretariat');
      if (!to) throw refusedTransition(`La demande ${item.reference} n’est plus inscrite en séance.`);
      const own = lines.filter((l) => l.agendaItemId === item.id).map((l) => ({ funder: l.funder, approvedCents: Number(l.approvedCents) }));
      const committed = to === 'approved' ? await commit(scope, item, own, envelopes, session.id, overdrawn) : 0;
      await setStatus(trx, item.requestId, item.version, to, at, to === 'approved' ? { decidedAt: at, committedCents: committed } : to === 'refused' ? { decidedAt: at, closedAt: at } : {});
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: item.requestId, action: `decision_${decision}`, motivation: item.motivation, changes: { sessionId: session.id, lines: own } });
    }
    if (overdrawn.length) throw refusedTransition('La séance ne peut pas être close : des enveloppes seraient dépassées. Réduisez les montants accordés.', overdrawn);

    await recordHistory(trx, actor, at, {
      entityType: 'cellSession', entityId: session.id, action: 'closed', motivation: early,
      changes: { decisions: items.map((i) => ({ requestId: i.requestId, decision: i.decision })), ...(early ? { heldOn: session.heldOn, closedBeforeItsDate: true } : {}) },
    });
    await enqueueJob(trx, at, 'cell.sessionDocuments', { sessionId: session.id }, { createdBy: actor.userId, organisationId: actor.organisationId });
  },
});

/** Locks the envelopes of these measures in id order, then reads their balances under the lock. */
async function lockedEnvelopes(scope: ActionScope, measureIds: number[]): Promise<Map<number, EnvelopeBalance>> {
  const ids = (await envelopeBalances(scope.trx, measureIds)).map((e) => e.id);
  await scope.lock({ table: 'envelopes', ids });
  const balances = await envelopeBalances(scope.trx, measureIds);
  return new Map(balances.map((e) => [e.id, e]));
}

async function commit(
  scope: ActionScope,
  item: { requestId: number; measureId: number; reference: string },
  lines: { funder: string; approvedCents: number }[],
  envelopes: Map<number, EnvelopeBalance>,
  sessionId: number, overdrawn: FieldIssue[],
): Promise<number> {
  const { trx, at } = scope;
  let total = 0;
  for (const line of lines) {
    await trx.updateTable('fundingLines').set({ approvedCents: line.approvedCents }).where('requestId', '=', item.requestId).where('funder', '=', line.funder).execute();
    if (line.approvedCents === 0) continue;
    const envelope = [...envelopes.values()].find((e) => e.measureId === item.measureId && e.funder === line.funder);
    if (!envelope) {
      if (line.funder !== 'COMPANY') overdrawn.push({ path: `lines.${line.funder}`, message: `${item.reference} : ${FUNDER_LABELS[line.funder as Funder]} n’a pas d’enveloppe sur ce dispositif.` });
      continue;
    }
    const remaining = envelope.amountCents - envelope.committedCents;
    if (line.approvedCents > remaining) {
      overdrawn.push({ path: `lines.${line.funder}`, message: `${item.reference} : ${FUNDER_LABELS[line.funder as Funder]} accorde ${formatEuros(line.approvedCents)} mais il ne reste que ${formatEuros(remaining)} sur l’enveloppe.` });
      continue;
    }
    await trx.insertInto('commitments').values({ requestId: item.requestId, envelopeId: envelope.id, funder: line.funder, amountCents: line.approvedCents, releasedCents: 0, sessionId, createdAt: at }).execute();
    await moveCommitted(trx, [[envelope.id, line.approvedCents]]);
    // Two requests of one session on the same envelope: the second sees what the first took.
    envelope.committedCents += line.approvedCents;
    total += line.approvedCents;
  }
  return total;
}
