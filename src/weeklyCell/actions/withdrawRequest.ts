import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { transition } from '../requestPolicy.js';
import { moveTo } from '../requestRepository.js';
import type { RequestStatus } from '../requestStatus.js';
import { lockRequest, openRequest } from './requestScope.js';

export const versionBody = z.object({ version: z.number().int().min(1) });
export const withdrawBody = versionBody.extend({ motivation: z.string().trim().min(3, 'Indiquez le motif.').max(2000) });

/** The company withdraws its request before the cell decides; its partners are told why. */
export const withdrawRequest = defineAction<{ requestId: number } & z.infer<typeof withdrawBody>, void>({
  name: 'withdrawRequest',
  locks: lockRequest,
  async run(scope, { requestId, version, motivation }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'withdraw', version);
    const r = aggregate.request;
    await moveTo(scope, aggregate, transition(r.status as RequestStatus, 'withdraw', party), { closedAt: scope.at });
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'withdrawn', motivation });
    const partners = await scope.trx.selectFrom('requestPartners').select('organisationId').where('requestId', '=', requestId).execute();
    await notifyOrganisations(scope.trx, scope.at, partners.map((p) => p.organisationId), {
      subject: `Demande ${r.reference} retirée`, body: `${r.companyName} a retiré sa demande : ${motivation}`, link: `/demandes/${requestId}`, kind: 'request_withdrawn',
    });
  },
});
