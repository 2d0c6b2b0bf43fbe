import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { informationReplyDueOn } from '../deadlineRecords.js';
import { transition } from '../requestPolicy.js';
import { moveTo } from '../requestRepository.js';
import type { RequestStatus } from '../requestStatus.js';
import { lockRequest, openRequest } from './requestScope.js';

export const askBody = z.object({ reason: z.string().trim().min(5, 'Précisez ce que l’entreprise doit compléter.').max(4000), version: z.number().int().min(1) });

/** A partner or the secretariat asks the company for more; the request waits for its answer. */
export const askInformation = defineAction<{ requestId: number } & z.infer<typeof askBody>, void>({
  name: 'askInformation',
  locks: lockRequest,
  async run(scope, { requestId, version, reason }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'askInformation', version);
    const r = aggregate.request;
    await moveTo(scope, aggregate, transition(r.status as RequestStatus, 'askInformation', party));
    await scope.trx.insertInto('informationRequests').values({
      requestId, reason, askedBy: actor.userId, askedByOrganisationId: actor.organisationId, askedAt: scope.at,
      answer: null, answeredBy: null, answeredAt: null, replyDueOn: informationReplyDueOn(scope.at),
    }).execute();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'information_requested', motivation: reason });
    await notifyOrganisations(scope.trx, scope.at, [r.companyId], {
      subject: `Compléments demandés sur ${r.reference}`,
      body: `${actor.organisationName} vous demande : ${reason}`,
      link: `/demandes/${requestId}`, kind: 'information_asked',
    });
  },
});
