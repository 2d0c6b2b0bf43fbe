import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { forbidden } from '../../platform/http/errors.js';
import { can } from '../../platform/identity/roles.js';
import { createRequest } from '../requestRepository.js';
import type { RequestDraft } from '../requestSchema.js';
import { checkDraft } from './draftChecks.js';
import { actingUser } from './requestScope.js';

/** A company starts a request: a draft only it sees until it submits. */
export const createDraft = defineAction<{ draft: RequestDraft }, { requestId: number }>({
  name: 'createDraft',
  async run(scope, { draft }) {
    const actor = actingUser(scope);
    if (!can.fileRequests(actor)) throw forbidden('de déposer une demande : seules les entreprises déposent');
    await checkDraft(scope.trx, actor, draft);
    const requestId = await createRequest(scope.trx, actor.organisationId, draft, scope.at, actor.userId);
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'created', changes: { company: draft.company.name } });
    return { requestId };
  },
});
