import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalid, refusedTransition } from '../../platform/http/errors.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { FUNDER_LABELS, FUNDERS, fundersOf, type Funder } from '../../programmes/funders.js';
import { isIsoDate } from '../../shared/dates.js';
import { formatEuros } from '../../shared/money.js';
import { funderAccounts } from '../funderAccounts.js';
import { isFullyPaid } from '../realisation.js';
import { documentIssues } from '../requestDocuments.js';
import { moveTo } from '../requestRepository.js';
import { closeRequest } from '../settlement.js';
import { lockRequest, openRequest } from './requestScope.js';

export const paymentBody = z.object({
  funder: z.enum(FUNDERS, { message: 'Financeur inconnu.' }),
  amountCents: z.number().int('Montant en centimes entiers.').positive('Le montant versé doit être positif.').max(100_000_000_00),
  paidOn: z.string().refine(isIsoDate, 'Date de versement invalide (AAAA-MM-JJ).'),
  reference: z.string().trim().min(1, 'Indiquez la référence du versement (mandat, virement).').max(100),
});

/**
 * A funder records what it paid. When the realisation is declared and every funder has
 * paid what it owes, the request closes itself and the unused commitments go back.
 */
export const recordPayment = defineAction<{ requestId: number } & z.infer<typeof paymentBody>, { justClosed: boolean }>({
  name: 'recordPayment',
  locks: lockRequest,
  async run(scope, { requestId, ...body }) {
    const { actor, aggregate, accounts } = await openRequest(scope, requestId, 'recordPayment');
    const { trx, at } = scope;
    const r = aggregate.request;
    if (!fundersOf(actor.organisationKind).includes(body.funder as Funder)) throw invalid('funder', 'Vous n’enregistrez que les versements de votre propre financement.');
    if (body.paidOn > at.slice(0, 10)) throw invalid('paidOn', 'La date de versement ne peut pas être dans le futur.');
    if (r.decidedAt && body.paidOn < r.decidedAt.slice(0, 10)) throw invalid('paidOn', 'Le versement ne peut précéder la décision de la cellule.');
    const account = accounts.find((a) => a.funder === body.funder);
    if (!account) throw invalid('funder', `${FUNDER_LABELS[body.funder as Funder]} n’a pas de financement accordé sur cette demande.`);
    if (body.amountCents > account.remainingCents) {
      throw invalid('amountCents', `Le versement (${formatEuros(body.amountCents)}) dépasse le reste dû par ${account.funderLabel} (${formatEuros(account.remainingCents)}).`);
    }
    const missing = await documentIssues(trx, r, ['payment']);
    if (missing.length) throw refusedTransition(`Le versement ne peut pas être enregistré : ${missing.length === 1 ? 'une pièce manque' : `${missing.length} pièces manquent`} : ${missing.map((m) => m.message).join(' ')}`, missing);
    await trx.insertInto('payments').values({ requestId, funder: body.funder, amountCents: body.amountCents, paidOn: body.paidOn, reference: body.reference, recordedBy: actor.userId, organisationId: actor.organisationId, createdAt: at }).execute();
    await moveTo(scope, aggregate, 'approved', { paidCents: r.paidCents + body.amountCents });
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: requestId, action: 'payment_recorded', changes: body });
    const realisationDone = aggregate.actions.length > 0 && aggregate.actions.every((a) => a.realisedHours !== null);
    if (!realisationDone) return { justClosed: false };
    const after = await funderAccounts(trx, aggregate);
    if (!isFullyPaid(after)) return { justClosed: false };
    const released = await closeRequest(scope, aggregate, after, 'due');
    await recordHistory(trx, null, at, { entityType: 'fundingRequest', entityId: requestId, action: 'closed', motivation: 'Soldée : tous les financeurs ont versé ce qui était dû.', changes: { released } });
    await notifyOrganisations(trx, at, [r.companyId], { subject: `Demande ${r.reference} soldée`, body: 'Tous les versements dus ont été effectués.', link: `/demandes/${requestId}`, kind: 'payment' });
    return { justClosed: true };
  },
});
