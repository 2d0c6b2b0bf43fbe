import { z } from 'zod';
import { recordIdParam } from '../platform/http/ids.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { forbidden, invalid, notFound, refusedTransition, staleVersion } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { notifyOrganisations } from '../platform/notifications/notify.js';
import { fundersOf } from '../programmes/funders.js';
import { FUNDERS } from '../programmes/funders.js';
import { refreshReadiness } from './instruction.js';
import { VERDICTS } from './opinions.js';
import { mayAct, requireParty } from './requestPolicy.js';
import { presentRequest } from './requestPresenter.js';
import { loadAggregate, setStatus } from './requestRepository.js';
import { transition } from './requestRoutes.js';
import { OPEN_FOR_OPINIONS, REQUEST_STATUS_LABELS, type RequestStatus } from './requestStatus.js';

const tags = ['instruction'];


const opinionBody = z.object({
  verdict: z.enum(VERDICTS, { message: 'Avis : favorable, favorable avec réserves ou défavorable.' }),
  comment: z.string().trim().max(4000).default(''),
  funder: z.enum(FUNDERS).nullable().optional(),
  proposedCents: z.number().int('Montant en centimes entiers.').min(0, 'Le montant proposé ne peut pas être négatif.').max(100_000_000_00).nullable().optional(),
  /** The version of the opinion being replaced; absent for a first opinion. */
  version: z.number().int().min(1).optional(),
}).superRefine((o, ctx) => {
  if (o.verdict !== 'favourable' && o.comment.length < 3) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Expliquez vos réserves ou votre avis défavorable.' });
});

const askBody = z.object({ reason: z.string().trim().min(5, 'Précisez ce que l’entreprise doit compléter.').max(4000), version: z.number().int().min(1) });
const answerBody = z.object({ answer: z.string().trim().min(2, 'Rédigez votre réponse.').max(8000), version: z.number().int().min(1) });
const messageBody = z.object({ body: z.string().trim().min(1, 'Le message est vide.').max(8000) });
const itemParams = idParams.extend({ itemId: recordIdParam });

export const instructionRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.post('/api/requests/:id/opinions', { schema: { tags, summary: 'Donner ou modifier l’avis de son organisation', params: idParams, body: opinionBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (party !== 'partner' || !mayAct(actor, party)) throw forbidden('de donner un avis sur cette demande');
    if (!OPEN_FOR_OPINIONS.includes(current.status as RequestStatus)) {
      throw refusedTransition(`Les avis sont clos : la demande est « ${REQUEST_STATUS_LABELS[current.status as RequestStatus]} ».`);
    }
    const body = request.body;
    const own = fundersOf(actor.organisationKind);
    const funder = body.funder ?? (body.proposedCents != null ? own[0] ?? null : null);
    if (funder && !own.includes(funder)) throw invalid('funder', 'Vous ne proposez un montant que sur la ligne de votre propre financement.');
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('opinions').select(['id', 'version']).where('requestId', '=', current.id).where('organisationId', '=', actor.organisationId).executeTakeFirst();
      const values = { verdict: body.verdict, comment: body.comment, funder, proposedCents: body.proposedCents ?? null, authorId: actor.userId, updatedAt: at };
      if (existing) {
        if (body.version === undefined || body.version !== existing.version) throw staleVersion('L’avis de votre organisation');
        await trx.updateTable('opinions').set({ ...values, version: existing.version + 1 }).where('id', '=', existing.id).where('version', '=', existing.version).execute();
      } else {
        await trx.insertInto('opinions').values({ ...values, requestId: current.id, organisationId: actor.organisationId, createdAt: at, version: 1 }).execute();
      }
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: existing ? 'opinion_changed' : 'opinion_given', motivation: body.comment || null, changes: { verdict: body.verdict, funder, proposedCents: body.proposedCents ?? null } });
      await refreshReadiness(trx, current.id, at);
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });

  app.post('/api/requests/:id/information-requests', { schema: { tags, summary: 'Demander des compléments à l’entreprise', params: idParams, body: askBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (party === 'company' || !mayAct(actor, party)) throw forbidden('de demander des compléments');
    const to = transition(current.status as RequestStatus, 'askInformation', party);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await setStatus(trx, current.id, request.body.version, to, at);
      await trx.insertInto('informationRequests').values({
        requestId: current.id, reason: request.body.reason, askedBy: actor.userId, askedByOrganisationId: actor.organisationId, askedAt: at,
        answer: null, answeredBy: null, answeredAt: null,
      }).execute();
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'information_requested', motivation: request.body.reason });
      await notifyOrganisations(trx, at, [current.companyId], {
        subject: `Compléments demandés sur ${current.reference}`,
        body: `${actor.organisationName} vous demande : ${request.body.reason}`,
        link: `/demandes/${current.id}`,
      });
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });

  app.post('/api/requests/:id/information-requests/:itemId/answer', { schema: { tags, summary: 'Répondre à une demande de compléments (entreprise)', params: itemParams, body: answerBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (party !== 'company' || !mayAct(actor, party)) throw forbidden('de répondre pour l’entreprise');
    const item = await db.selectFrom('informationRequests').selectAll().where('id', '=', request.params.itemId).where('requestId', '=', current.id).executeTakeFirst();
    if (!item) throw notFound('Demande de compléments');
    if (item.answeredAt) throw refusedTransition('Vous avez déjà répondu à cette demande de compléments.');
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('informationRequests').set({ answer: request.body.answer, answeredBy: actor.userId, answeredAt: at }).where('id', '=', item.id).execute();
      const open = await trx.selectFrom('informationRequests').select('id').where('requestId', '=', current.id).where('answeredAt', 'is', null).execute();
      let version = request.body.version;
      if (open.length === 0) version = await setStatus(trx, current.id, version, transition(current.status as RequestStatus, 'answerInformation', party), at);
      else if (version !== current.version) throw staleVersion('Cette demande');
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'information_answered', motivation: request.body.answer });
      await notifyOrganisations(trx, at, [item.askedByOrganisationId], {
        subject: `Réponse de l’entreprise sur ${current.reference}`, body: request.body.answer, link: `/demandes/${current.id}`,
      });
      await refreshReadiness(trx, current.id, at);
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });

  // The partners' private thread: the company is never a party to it, so it gets "not found".
  const assertThreadAccess = async (requestId: number, actorPromise: ReturnType<typeof requireActor>) => {
    const actor = await actorPromise;
    const { party, request: current } = await requireParty(db, actor, requestId);
    if (party === 'company') throw notFound('Fil privé');
    return { actor, current };
  };

  app.get('/api/requests/:id/messages', { schema: { tags, summary: 'Fil privé des partenaires', params: idParams } }, async (request) => {
    const { current } = await assertThreadAccess(request.params.id, requireActor(ctx, request));
    const items = await db.selectFrom('privateMessages as m').innerJoin('users as u', 'u.id', 'm.authorId').innerJoin('organisations as o', 'o.id', 'm.organisationId')
      .select(['m.id', 'm.body', 'm.createdAt', 'u.displayName as authorName', 'o.name as organisationName'])
      .where('m.requestId', '=', current.id).orderBy('m.id').execute();
    return { items };
  });

  app.post('/api/requests/:id/messages', { schema: { tags, summary: 'Écrire dans le fil privé des partenaires', params: idParams, body: messageBody } }, async (request, reply) => {
    const { actor, current } = await assertThreadAccess(request.params.id, requireActor(ctx, request));
    if (actor.role === 'reader') throw forbidden('d’écrire dans le fil');
    const at = isoNow(ctx.clock);
    const row = await db.insertInto('privateMessages').values({ requestId: current.id, organisationId: actor.organisationId, authorId: actor.userId, body: request.body.body, createdAt: at })
      .returning(['id', 'body', 'createdAt']).executeTakeFirstOrThrow();
    return reply.status(201).send({ ...row, authorName: actor.displayName, organisationName: actor.organisationName });
  });
};
