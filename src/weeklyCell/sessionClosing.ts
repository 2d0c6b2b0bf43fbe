import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { decisionLetterPdf, minutesPdf } from '../platform/documents/index.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { refusedTransition, staleVersion, type FieldIssue } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import type { Actor } from '../platform/identity/roles.js';
import { notifyOrganisations, organisationsOfKind } from '../platform/notifications/notify.js';
import { enqueueJob, registerJob } from '../platform/outbox/jobs.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { formatEuros } from '../shared/money.js';
import { DECISION_LABELS, type Decision } from './decisions.js';
import { setStatus } from './requestRepository.js';
import { envelopeBalances, moveCommitted } from '../programmes/envelopeBalance.js';
import { nextStatus, type RequestEvent, type RequestStatus } from './requestStatus.js';

const EVENT_OF: Record<Decision, RequestEvent> = { approved: 'approve', partially_approved: 'approve', postponed: 'postpone', refused: 'refuse' };

/**
 * Closing a session is one transaction: every decision takes effect on its request,
 * approved amounts are committed against each funder's envelope (refused as a whole if
 * an envelope would be overdrawn), and the documents are queued to be produced.
 */
export async function closeSession(ctx: AppContext, actor: Actor, sessionId: number, version: number): Promise<void> {
  const at = isoNow(ctx.clock);
  await ctx.database.db.transaction().execute(async (trx) => {
    const items = await trx.selectFrom('agendaItems as a').innerJoin('fundingRequests as r', 'r.id', 'a.requestId')
      .select(['a.id', 'a.decision', 'a.motivation', 'r.id as requestId', 'r.reference', 'r.version', 'r.status', 'r.measureId', 'r.companyId'])
      .where('a.sessionId', '=', sessionId).orderBy('a.position').execute();
    const undecided = items.filter((i) => !i.decision);
    if (items.length === 0) throw refusedTransition('L’ordre du jour est vide : inscrivez au moins une demande avant de clore la séance.');
    if (undecided.length) {
      throw refusedTransition(`Décision manquante pour ${undecided.map((i) => i.reference).join(', ')} : chaque demande inscrite reçoit une décision avant la clôture.`,
        undecided.map((i) => ({ path: `items.${i.id}`, message: `Décision manquante : ${i.reference}` })));
    }
    const done = await trx.updateTable('cellSessions').set({ status: 'closed', closedAt: at, version: version + 1 })
      .where('id', '=', sessionId).where('version', '=', version).where('status', '=', 'open').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw staleVersion('Cette séance');

    const overdrawn: FieldIssue[] = [];
    for (const item of items) {
      const decision = item.decision as Decision;
      const to = nextStatus(item.status as RequestStatus, EVENT_OF[decision], 'secretariat');
      if (!to) throw refusedTransition(`La demande ${item.reference} n’est plus inscrite en séance.`);
      const lines = await trx.selectFrom('decisionLines').selectAll().where('agendaItemId', '=', item.id).execute();
      let committed = 0;
      if (to === 'approved') committed = await commit(trx, item, lines, sessionId, at, overdrawn);
      await setStatus(trx, item.requestId, item.version, to, at, to === 'approved' ? { decidedAt: at, committedCents: committed } : to === 'refused' ? { decidedAt: at, closedAt: at } : {});
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: item.requestId, action: `decision_${decision}`, motivation: item.motivation, changes: { sessionId, lines: lines.map((l) => ({ funder: l.funder, approvedCents: l.approvedCents })) } });
    }
    if (overdrawn.length) throw refusedTransition('La séance ne peut pas être close : des enveloppes seraient dépassées. Réduisez les montants accordés.', overdrawn);

    await recordHistory(trx, actor, at, { entityType: 'cellSession', entityId: sessionId, action: 'closed', changes: { decisions: items.map((i) => ({ requestId: i.requestId, decision: i.decision })) } });
    await enqueueJob(trx, at, 'cell.sessionDocuments', { sessionId }, { createdBy: actor.userId, organisationId: actor.organisationId });
  });
}

async function commit(
  trx: Transaction<Schema>,
  item: { requestId: number; measureId: number; reference: string },
  lines: { funder: string; approvedCents: number }[],
  sessionId: number, at: string, overdrawn: FieldIssue[],
): Promise<number> {
  const envelopes = await envelopeBalances(trx, [item.measureId]);
  let total = 0;
  for (const line of lines) {
    await trx.updateTable('fundingLines').set({ approvedCents: line.approvedCents }).where('requestId', '=', item.requestId).where('funder', '=', line.funder).execute();
    if (line.approvedCents === 0) continue;
    const envelope = envelopes.find((e) => e.funder === line.funder);
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
    total += line.approvedCents;
  }
  return total;
}

/** Produces the minutes and one letter per company after the close, then tells everyone. */
export function registerSessionDocumentsJob(): void {
  registerJob('cell.sessionDocuments', async (ctx, payload: { sessionId: number }, progress) => {
    const { db } = ctx.database;
    const session = await db.selectFrom('cellSessions').selectAll().where('id', '=', payload.sessionId).executeTakeFirstOrThrow();
    const items = await db.selectFrom('agendaItems as a').innerJoin('fundingRequests as r', 'r.id', 'a.requestId')
      .innerJoin('organisations as c', 'c.id', 'r.companyId')
      .select(['a.id', 'a.decision', 'a.motivation', 'r.id as requestId', 'r.reference', 'r.companyName', 'r.siret', 'r.totalCostCents', 'r.companyId', 'c.address'])
      .where('a.sessionId', '=', session.id).orderBy('a.position').execute();
    const lines = await db.selectFrom('fundingLines').selectAll().where('requestId', 'in', items.map((i) => i.requestId)).orderBy('position').execute();
    const decided = await db.selectFrom('decisionLines').selectAll().where('agendaItemId', 'in', items.map((i) => i.id)).execute();
    const attendees = await db.selectFrom('organisations').select('name').where('kind', 'in', ['secretariat', 'state', 'region', 'training_fund', 'pole_emploi']).where('isActive', '=', true).orderBy('name').execute();
    const secretary = await db.selectFrom('users').select('displayName').where('id', '=', session.createdBy).executeTakeFirst();
    const at = isoNow(ctx.clock);

    const decisions = items.map((i) => ({
      requestReference: i.reference, companyName: i.companyName, siret: i.siret, decision: i.decision as Decision,
      motivation: i.motivation ?? '', totalCostCents: i.totalCostCents,
      lines: lines.filter((l) => l.requestId === i.requestId).map((l) => ({
        funderLabel: FUNDER_LABELS[l.funder as Funder], proposedCents: l.proposedCents,
        approvedCents: decided.find((d) => d.agendaItemId === i.id && d.funder === l.funder)?.approvedCents ?? 0,
      })),
    }));
    const byFunder = new Map<string, number>();
    for (const d of decided) byFunder.set(d.funder, (byFunder.get(d.funder) ?? 0) + d.approvedCents);

    const minutes = await minutesPdf({
      session: { reference: session.reference, heldOn: session.heldOn, closedAt: session.closedAt ?? at, chair: secretary?.displayName, attendees: attendees.map((a) => ({ organisation: a.name })) },
      decisions,
      committedByFunder: [...byFunder].map(([funder, amountCents]) => ({ funderLabel: FUNDER_LABELS[funder as Funder], amountCents })),
    });
    await progress.report(30, 'Procès-verbal produit');
    const stored: { kind: string; ownerType: string; ownerId: number; organisationId: number | null; filename: string; content: Buffer }[] = [
      { kind: 'minutes', ownerType: 'cellSession', ownerId: session.id, organisationId: null, filename: `proces-verbal-${session.reference}.pdf`, content: minutes },
    ];
    for (const [n, item] of items.entries()) {
      const letter = await decisionLetterPdf({
        company: { name: item.companyName, siret: item.siret, address: item.address ?? undefined },
        requestReference: item.reference, sessionHeldOn: session.heldOn, decision: item.decision as Decision, motivation: item.motivation ?? '',
        lines: decided.filter((d) => d.agendaItemId === item.id).map((d) => ({ funderLabel: FUNDER_LABELS[d.funder as Funder], approvedCents: d.approvedCents })),
        signatory: { name: secretary?.displayName ?? 'Le secrétariat', title: 'Pour la cellule opérationnelle hebdomadaire' },
      });
      stored.push({ kind: 'decision_letter', ownerType: 'fundingRequest', ownerId: item.requestId, organisationId: item.companyId, filename: `decision-${item.reference}.pdf`, content: letter });
      await progress.report(30 + (60 * (n + 1)) / items.length, `Courrier ${n + 1} / ${items.length}`);
    }

    await db.transaction().execute(async (trx) => {
      // A retried job replaces what an interrupted run may have stored.
      await trx.deleteFrom('documents').where('kind', '=', 'minutes').where('ownerType', '=', 'cellSession').where('ownerId', '=', session.id).execute();
      for (const item of items) {
        await trx.deleteFrom('documents').where('kind', '=', 'decision_letter').where('ownerType', '=', 'fundingRequest').where('ownerId', '=', item.requestId)
          .where('filename', '=', `decision-${item.reference}.pdf`).execute();
      }
      for (const d of stored) await trx.insertInto('documents').values({ ...d, contentType: 'application/pdf', createdAt: at }).execute();
      for (const item of items) {
        await notifyOrganisations(trx, at, [item.companyId], {
          subject: `Décision de la cellule sur ${item.reference} : ${DECISION_LABELS[item.decision as Decision]}`,
          body: `La cellule du ${session.heldOn} a rendu sa décision. Le courrier est disponible sur la demande.`,
          link: `/demandes/${item.requestId}`,
        });
      }
      const partners = await trx.selectFrom('requestPartners').select('organisationId').distinct().where('requestId', 'in', items.map((i) => i.requestId)).execute();
      await notifyOrganisations(trx, at, [...partners.map((p) => p.organisationId), ...(await organisationsOfKind(trx, 'secretariat'))], {
        subject: `Séance ${session.reference} close`, body: `${items.length} décision(s) ; le procès-verbal est disponible.`, link: `/seances/${session.id}`,
      });
    });
    return { documents: stored.length };
  });
}
