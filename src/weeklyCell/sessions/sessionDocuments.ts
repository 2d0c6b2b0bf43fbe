import { sql } from 'kysely';
import { notifyOrganisations, organisationsOfKind } from '../../platform/notifications/notify.js';
import { registerJob } from '../../platform/outbox/jobs.js';
import type { AppContext } from '../../platform/http/context.js';
import { FUNDER_LABELS, type Funder } from '../../programmes/funders.js';
import { DECISION_LABELS, type Decision } from '../decisions.js';
import { decisionLetterPdf } from '../documents/decisionLetter.js';
import { minutesPdf } from '../documents/minutes.js';

/** The owner type of the minutes: served by the session routes, to the session's audience only. */
export const MINUTES_OWNER = 'sessionMinutes';

const OWN_SHARE: Funder = 'COMPANY';
const isOwnShare = (funder: string) => funder === OWN_SHARE;

/**
 * Produces the minutes and one letter per company after the close, then tells everyone.
 * It may run twice (its process died after the commit, before the job was marked done):
 * the documents, notifications and e-mails are stored in one transaction that first sets
 * the session's `documents_at`, only if it is still empty, so a second run stores nothing.
 * A unique index on the documents produced backs this up.
 */
export async function produceSessionDocuments(ctx: AppContext, sessionId: number, progress?: { report(percent: number, label?: string): Promise<void> }): Promise<{ documents: number }> {
  const { db } = ctx.database;
  const session = await db.selectFrom('cellSessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  if (session.documentsAt) return { documents: 0 };
  const items = await db.selectFrom('agendaItems as a').innerJoin('fundingRequests as r', 'r.id', 'a.requestId')
    .innerJoin('organisations as c', 'c.id', 'r.companyId')
    .select(['a.id', 'a.decision', 'a.motivation', 'r.id as requestId', 'r.reference', 'r.companyName', 'r.siret', 'r.totalCostCents', 'r.companyId', 'c.address'])
    .where('a.sessionId', '=', session.id).orderBy('a.position').execute();
  const requestIds = items.map((i) => i.requestId);
  const lines = requestIds.length ? await db.selectFrom('fundingLines').selectAll().where('requestId', 'in', requestIds).orderBy('position').execute() : [];
  const decided = items.length ? await db.selectFrom('decisionLines').selectAll().where('agendaItemId', 'in', items.map((i) => i.id)).execute() : [];
  const attendees = await db.selectFrom('sessionAttendees as sa').innerJoin('organisations as o', 'o.id', 'sa.organisationId')
    .select(['o.name', 'sa.representative', 'sa.title']).where('sa.sessionId', '=', session.id).orderBy('sa.id').execute();
  const at = ctx.clock.now().toISOString();
  const chair = { name: session.chairName ?? 'Le secrétariat', title: session.chairTitle ?? 'Secrétariat de la cellule opérationnelle hebdomadaire' };
  const approvedOf = (itemId: number, funder: string) => Number(decided.find((d) => d.agendaItemId === itemId && d.funder === funder)?.approvedCents ?? 0);

  const decisions = items.map((i) => ({
    requestReference: i.reference, companyName: i.companyName, siret: i.siret, decision: i.decision as Decision,
    motivation: i.motivation ?? '', totalCostCents: Number(i.totalCostCents),
    lines: lines.filter((l) => l.requestId === i.requestId).map((l) => ({
      funderLabel: FUNDER_LABELS[l.funder as Funder], proposedCents: Number(l.proposedCents), approvedCents: approvedOf(i.id, l.funder), ownShare: isOwnShare(l.funder),
    })),
  }));
  const byFunder = new Map<string, number>();
  for (const d of decided) if (!isOwnShare(d.funder)) byFunder.set(d.funder, (byFunder.get(d.funder) ?? 0) + Number(d.approvedCents));

  const minutes = await minutesPdf({
    session: {
      reference: session.reference, heldOn: session.heldOn, closedAt: session.closedAt ?? at, chair: chair.name, chairTitle: chair.title,
      attendees: attendees.map((a) => ({ organisation: a.name, person: a.representative ?? undefined, title: a.title ?? undefined })),
    },
    decisions,
    committedByFunder: [...byFunder].map(([funder, amountCents]) => ({ funderLabel: FUNDER_LABELS[funder as Funder], amountCents })),
  });
  await progress?.report(30, 'Procès-verbal produit');
  const stored = [{ kind: 'minutes', ownerType: MINUTES_OWNER, ownerId: session.id, organisationId: null as number | null, filename: `proces-verbal-${session.reference}.pdf`, content: minutes }];
  for (const [n, item] of items.entries()) {
    const granted = decided.filter((d) => d.agendaItemId === item.id && !isOwnShare(d.funder));
    const letter = await decisionLetterPdf({
      company: { name: item.companyName, siret: item.siret, address: item.address ?? undefined },
      requestReference: item.reference, sessionHeldOn: session.heldOn, decision: item.decision as Decision, motivation: item.motivation ?? '',
      lines: granted.map((d) => ({ funderLabel: FUNDER_LABELS[d.funder as Funder], approvedCents: Number(d.approvedCents) })),
      ownShareCents: lines.filter((l) => l.requestId === item.requestId && isOwnShare(l.funder)).reduce((sum, l) => sum + Number(l.proposedCents), 0),
      signatory: chair,
    });
    stored.push({ kind: 'decision_letter', ownerType: 'fundingRequest', ownerId: item.requestId, organisationId: item.companyId, filename: `decision-${item.reference}.pdf`, content: letter });
    await progress?.report(30 + (60 * (n + 1)) / items.length, `Courrier ${n + 1} / ${items.length}`);
  }

  return db.transaction().execute(async (trx) => {
    // The mark is the run's claim: a second run (or one racing with this one) finds it set and stores nothing.
    const claimed = await trx.updateTable('cellSessions').set({ documentsAt: at }).where('id', '=', session.id).where('documentsAt', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return { documents: 0 };
    await trx.insertInto('documents').values(stored.map((d) => ({ ...d, contentType: 'application/pdf', createdAt: at })))
      .onConflict((oc) => oc.columns(['ownerType', 'ownerId', 'kind', 'filename']).where(sql<boolean>`kind in ('minutes', 'decision_letter')`).doNothing()).execute();
    for (const item of items) {
      await notifyOrganisations(trx, at, [item.companyId], {
        subject: `Décision de la cellule sur ${item.reference} : ${DECISION_LABELS[item.decision as Decision]}`,
        body: `La cellule du ${session.heldOn} a rendu sa décision. Le courrier est disponible sur la demande.`,
        link: `/demandes/${item.requestId}`, kind: 'session_decided',
      });
    }
    // Those who sit read the minutes; a partner that does not sit reads the decisions on its own requests.
    const members = new Set([
      ...(await trx.selectFrom('sessionAttendees').select('organisationId').where('sessionId', '=', session.id).execute()).map((m) => m.organisationId),
      ...(await trx.selectFrom('cellMembers').select('organisationId').execute()).map((m) => m.organisationId),
      ...(await organisationsOfKind(trx, 'secretariat')),
    ]);
    await notifyOrganisations(trx, at, [...members], {
      subject: `Séance ${session.reference} close`, body: `${items.length} décision(s) ; le procès-verbal est disponible.`, link: `/cellule/seances/${session.id}`, kind: 'session_decided',
    });
    const partners = requestIds.length ? await trx.selectFrom('requestPartners').select('organisationId').distinct().where('requestId', 'in', requestIds).execute() : [];
    await notifyOrganisations(trx, at, partners.map((p) => p.organisationId).filter((id) => !members.has(id)), {
      subject: `Séance ${session.reference} close`, body: 'La cellule a rendu ses décisions sur les demandes qui vous sont adressées.', link: `/cellule/seances/${session.id}`, kind: 'session_decided',
    });
    return { documents: stored.length };
  });
}

export function registerSessionDocumentsJob(): void {
  registerJob('cell.sessionDocuments', (ctx, payload: { sessionId: number }, progress) => produceSessionDocuments(ctx, payload.sessionId, progress));
}
