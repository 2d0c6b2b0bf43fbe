import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { lockRequest, openRequest } from './requestScope.js';

export const messageBody = z.object({ body: z.string().trim().min(1, 'Le message est vide.').max(8000) });

/** A partner or the secretariat writes in the partners' private thread, which the company never sees. */
export const postPrivateMessage = defineAction<{ requestId: number } & z.infer<typeof messageBody>, { id: number; body: string; createdAt: string }>({
  name: 'postPrivateMessage',
  locks: lockRequest,
  async run(scope, { requestId, body }) {
    const { actor } = await openRequest(scope, requestId, 'privateThread', undefined, { from: 'company', what: 'Fil privé' });
    return scope.trx.insertInto('privateMessages').values({ requestId, organisationId: actor.organisationId, authorId: actor.userId, body, createdAt: scope.at })
      .returning(['id', 'body', 'createdAt']).executeTakeFirstOrThrow();
  },
});
