import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { notFound, refusedTransition } from '../../platform/http/errors.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { refreshReadiness } from '../instruction.js';
import { requestedStillMissing } from '../requestDocuments.js';
import { transition } from '../requestPolicy.js';
import { moveTo } from '../requestRepository.js';
import type { RequestStatus } from '../requestStatus.js';
import { lockRequest, openRequest } from './requestScope.js';

export const answerBody = z.object({ answer: z.string().trim().min(2, 'Rédigez votre réponse.').max(8000), version: z.number().int().min(1) });

/** The company answers; once every question is answered the request is back in instruction. */
export const answerInformation = defineAction<{ requestId: number; itemId: number } & z.infer<typeof answerBody>, void>({
  name: 'answerInformation',
  locks: lockRequest,
  async run(scope, { requestId, itemId, version, answer }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'answerInformation', version);
    const { trx, at } = scope;
    const item = await trx.selectFrom('informationRequests').selectAll().where('id', '=', itemId).where('requestId', '=', requestId).executeTakeFirst();
    if (!item) throw notFound('Demande de compléments');
    if (item.answeredAt) throw refusedTransition('Vous avez déjà répondu à cette demande de compléments.');
    const missing = await requestedStillMissing(trx, item.id);
    if (missing.length) throw refusedTransition(`Joignez d’abord les pièces demandées : ${missing.map((m) => m.message).join(' ')}`, missing);
    await trx.updateTable('informationRequests').set({ answer, answeredBy: actor.userId, answeredAt: at }).where('id', '=', item.id).execute();
    const open = await trx.selectFrom('informationRequests').select('id').where('requestId', '=', requestId).where('answeredAt', 'is', null).execute();
    if (open.length === 0) await moveTo(scope, aggregate, transition(aggregate.request.status as RequestStatus, 'answerInformation', party));
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: requestId, action: 'information_answered', motivation: answer });
    await notifyOrganisations(trx, at, [item.askedByOrganisationId], {
      subject: `Réponse de l’entreprise sur ${aggregate.request.reference}`, body: answer, link: `/demandes/${requestId}`, kind: 'information_answered',
    });
    await refreshReadiness(scope, aggregate);
  },
});
