import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { lockRequest, openRequest } from './requestScope.js';
import { insertVersion, otherSide, type StoredFile } from './uploadDocument.js';

export const threadMessageBody = z.object({ body: z.string().trim().min(1, 'Le message est vide.').max(8000, 'Le message est trop long (8 000 caractères au plus).') });

/**
 * The company and its partners write to each other on a request, with attachments kept in the
 * document storage; the other side is notified. The partners' private thread stays apart.
 */
export const postRequestMessage = defineAction<{ requestId: number; body: string; attachments?: StoredFile[] }, { id: number }>({
  name: 'postRequestMessage',
  locks: lockRequest,
  async run(scope, { requestId, body, attachments = [] }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'thread');
    const { trx, at } = scope;
    const message = await trx.insertInto('requestMessages').values({ requestId, organisationId: actor.organisationId, authorId: actor.userId, body, createdAt: at })
      .returning('id').executeTakeFirstOrThrow();
    for (const file of attachments) {
      const document = await trx.insertInto('requestDocuments').values({
        requestId, stage: null, expectedDocumentId: null, informationItemId: null, messageId: message.id, label: file.filename,
        organisationId: actor.organisationId, createdBy: actor.userId, createdAt: at, version: 1,
      }).returning('id').executeTakeFirstOrThrow();
      await insertVersion(scope, actor, document.id, 1, file);
    }
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: requestId, action: 'message_posted', changes: { messageId: message.id, attachments: attachments.map((a) => a.filename) } });
    await notifyOrganisations(trx, at, await otherSide(scope, aggregate, party, actor), {
      subject: `Nouveau message sur ${aggregate.request.reference}`, body: `${actor.organisationName} : ${body.slice(0, 300)}`, link: `/demandes/${requestId}?onglet=echanges`,
    });
    return { id: message.id };
  },
});
