import { z } from 'zod';
import { recordId } from '../platform/http/ids.js';
import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { forbidden, invalid, invalidMany, refusedTransition, staleVersion, type FieldIssue } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { notifyOrganisations } from '../platform/notifications/notify.js';
import { FUNDER_LABELS, FUNDERS, fundersOf, type Funder } from '../programmes/funders.js';
import { moveCommitted } from '../programmes/envelopeBalance.js';
import { isIsoDate } from '../shared/dates.js';
import { formatEuros } from '../shared/money.js';
import { isFullyPaid, realisedCost } from './realisation.js';
import { mayAct, requireParty } from './requestPolicy.js';
import { funderAccounts, presentRequest } from './requestPresenter.js';
import { loadAggregate, setStatus, type RequestAggregate } from './requestRepository.js';
import { transition } from './requestRoutes.js';
import type { Party, RequestStatus } from './requestStatus.js';

const tags = ['suivi'];

const realisationBody = z.object({
  version: z.number().int().min(1),
  actions: z.array(z.object({
    actionId: recordId,
    realisedTrainees: z.number().int().min(0, 'Nombre de stagiaires négatif.'),
    realisedHours: z.number().int().min(0, 'Nombre d’heures négatif.'),
    realisedTeachingCostCents: z.number().int().min(0, 'Coût négatif.').max(100_000_000_00),
  })).min(1, 'Renseignez au moins une action.'),
});

const paymentBody = z.object({
  funder: z.enum(FUNDERS, { message: 'Financeur inconnu.' }),
  amountCents: z.number().int('Montant en centimes entiers.').positive('Le montant versé doit être positif.').max(100_000_000_00),
  paidOn: z.string().refine(isIsoDate, 'Date de versement invalide (AAAA-MM-JJ).'),
  reference: z.string().trim().min(1, 'Indiquez la référence du versement (mandat, virement).').max(100),
});

const settleBody = z.object({ version: z.number().int().min(1), motivation: z.string().trim().min(3, 'Indiquez le motif du solde.').max(2000) });

/**
 * Closes an approved request: each funder keeps what it owes (or, when settling early,
 * what it has paid) and the rest of its commitment returns to its envelope.
 */
async function closeRequest(trx: Transaction<Schema>, aggregate: RequestAggregate, version: number, at: string, keep: 'due' | 'paid') {
  const accounts = await funderAccounts(trx, aggregate);
  const commitments = await trx.selectFrom('commitments').selectAll().where('requestId', '=', aggregate.request.id).execute();
  const released: Record<string, number> = {};
  const returned: [number, number][] = [];
  for (const c of commitments) {
    const account = accounts.find((a) => a.funder === c.funder);
    const kept = Math.min(c.amountCents, account ? (keep === 'due' ? account.dueCents : account.paidCents) : 0);
    const release = c.amountCents - kept;
    released[c.funder] = release;
    await trx.updateTable('commitments').set({ releasedCents: release }).where('id', '=', c.id).execute();
    returned.push([c.envelopeId, c.releasedCents - release]);
  }
  await moveCommitted(trx, returned);
  const committed = commitments.reduce((s, c) => s + c.amountCents - (released[c.funder] ?? 0), 0);
  await setStatus(trx, aggregate.request.id, version, transition(aggregate.request.status as RequestStatus, 'close', 'system'), at, { closedAt: at, committedCents: committed });
  return released;
}

export const followUpRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  const actingOnApproved = async (request: Parameters<typeof requireActor>[1], id: number, parties: Party[]) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, id);
    if (!parties.includes(party) || !mayAct(actor, party)) throw forbidden('de faire cette action sur le suivi de la demande');
    if (current.status !== 'approved') throw refusedTransition('Le suivi de réalisation commence après l’accord de la cellule.');
    return { actor, party, current };
  };

  app.post('/api/requests/:id/realisation', { schema: { tags, summary: 'Déclarer les heures et stagiaires réalisés par action', params: idParams, body: realisationBody } }, async (request) => {
    const { actor, party, current } = await actingOnApproved(request, request.params.id, ['company', 'partner']);
    const aggregate = (await loadAggregate(db, current.id))!;
    const issues: FieldIssue[] = [];
    request.body.actions.forEach((line, i) => {
      const action = aggregate.actions.find((a) => a.id === line.actionId);
      if (!action) return issues.push({ path: `actions.${i}.actionId`, message: 'Cette action n’appartient pas à la demande.' });
      if (line.realisedTrainees > action.traineeIds.length) {
        issues.push({ path: `actions.${i}.realisedTrainees`, message: `« ${action.title} » : ${line.realisedTrainees} stagiaires déclarés pour ${action.traineeIds.length} inscrits.` });
      }
      const ceiling = action.hoursPerTrainee * line.realisedTrainees;
      if (line.realisedHours > ceiling) {
        issues.push({ path: `actions.${i}.realisedHours`, message: `« ${action.title} » : ${line.realisedHours} h déclarées dépassent ${ceiling} h (${action.hoursPerTrainee} h × ${line.realisedTrainees} stagiaires).` });
      }
    });
    if (issues.length) throw invalidMany(issues);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      for (const line of request.body.actions) {
        const action = aggregate.actions.find((a) => a.id === line.actionId)!;
        await trx.updateTable('trainingActions').set({
          realisedHours: line.realisedHours, realisedTrainees: line.realisedTrainees,
          realisedTeachingCostCents: line.realisedTeachingCostCents, realisedPayCostCents: action.hourlyWageCents * line.realisedHours,
        }).where('id', '=', line.actionId).execute();
      }
      const actions = await trx.selectFrom('trainingActions').selectAll().where('requestId', '=', current.id).execute();
      const totals = realisedCost(actions.filter((a) => a.realisedHours !== null).map((a) => ({
        realisedHours: a.realisedHours!, realisedTrainees: a.realisedTrainees!, realisedTeachingCostCents: a.realisedTeachingCostCents!, hourlyWageCents: a.hourlyWageCents,
      })));
      await setStatus(trx, current.id, request.body.version, 'approved', at, totals);
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'realisation_recorded', changes: { ...totals, actions: request.body.actions } });
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });

  app.post('/api/requests/:id/payments', { schema: { tags, summary: 'Enregistrer un versement (financeur)', params: idParams, body: paymentBody } }, async (request) => {
    const { actor, party, current } = await actingOnApproved(request, request.params.id, ['partner']);
    const body = request.body;
    if (!fundersOf(actor.organisationKind).includes(body.funder as Funder)) throw invalid('funder', 'Vous n’enregistrez que les versements de votre propre financement.');
    if (body.paidOn > isoNow(ctx.clock).slice(0, 10)) throw invalid('paidOn', 'La date de versement ne peut pas être dans le futur.');
    if (current.decidedAt && body.paidOn < current.decidedAt.slice(0, 10)) throw invalid('paidOn', 'Le versement ne peut précéder la décision de la cellule.');
    const at = isoNow(ctx.clock);
    const closed = await db.transaction().execute(async (trx) => {
      const aggregate = (await loadAggregate(trx, current.id))!;
      const account = (await funderAccounts(trx, aggregate)).find((a) => a.funder === body.funder);
      if (!account) throw invalid('funder', `${FUNDER_LABELS[body.funder as Funder]} n’a pas de financement accordé sur cette demande.`);
      if (body.amountCents > account.remainingCents) {
        throw invalid('amountCents', `Le versement (${formatEuros(body.amountCents)}) dépasse le reste dû par ${account.funderLabel} (${formatEuros(account.remainingCents)}).`);
      }
      await trx.insertInto('payments').values({ requestId: current.id, funder: body.funder, amountCents: body.amountCents, paidOn: body.paidOn, reference: body.reference, recordedBy: actor.userId, organisationId: actor.organisationId, createdAt: at }).execute();
      const version = await setStatus(trx, current.id, aggregate.request.version, 'approved', at, { paidCents: aggregate.request.paidCents + body.amountCents });
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'payment_recorded', changes: body });
      const after = (await loadAggregate(trx, current.id))!;
      const realisationDone = after.actions.length > 0 && after.actions.every((a) => a.realisedHours !== null);
      if (realisationDone && isFullyPaid(await funderAccounts(trx, after))) {
        const released = await closeRequest(trx, after, version, at, 'due');
        await recordHistory(trx, null, at, { entityType: 'fundingRequest', entityId: current.id, action: 'closed', motivation: 'Soldée : tous les financeurs ont versé ce qui était dû.', changes: { released } });
        await notifyOrganisations(trx, at, [current.companyId], { subject: `Demande ${current.reference} soldée`, body: 'Tous les versements dus ont été effectués.', link: `/demandes/${current.id}` });
        return true;
      }
      return false;
    });
    const view = await presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
    return { ...view, justClosed: closed };
  });

  app.post('/api/requests/:id/settle', { schema: { tags, summary: 'Solder la demande et rendre le reliquat aux enveloppes (secrétariat)', params: idParams, body: settleBody } }, async (request) => {
    const { actor, party, current } = await actingOnApproved(request, request.params.id, ['secretariat']);
    if (request.body.version !== current.version) throw staleVersion('Cette demande');
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const aggregate = (await loadAggregate(trx, current.id))!;
      const released = await closeRequest(trx, aggregate, request.body.version, at, 'paid');
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'settled', motivation: request.body.motivation, changes: { released } });
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });
};
