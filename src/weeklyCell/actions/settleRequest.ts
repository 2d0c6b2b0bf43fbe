import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { closeRequest } from '../settlement.js';
import { lockRequest, openRequest } from './requestScope.js';

export const settleBody = z.object({ version: z.number().int().min(1), motivation: z.string().trim().min(3, 'Indiquez le motif du solde.').max(2000) });

/** The secretariat settles an approved request early: funders keep what they paid, the rest goes back. */
export const settleRequest = defineAction<{ requestId: number } & z.infer<typeof settleBody>, void>({
  name: 'settleRequest',
  locks: lockRequest,
  async run(scope, { requestId, version, motivation }) {
    const { actor, aggregate, accounts } = await openRequest(scope, requestId, 'settle', version);
    const released = await closeRequest(scope, aggregate, accounts, 'paid');
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'settled', motivation, changes: { released } });
  },
});
