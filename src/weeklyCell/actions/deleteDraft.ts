import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalid } from '../../platform/http/errors.js';
import { lockRequest, openRequest } from './requestScope.js';

/**
 * The company deletes a draft it will not submit. Only a draft: nobody else has seen it, so
 * nothing depends on it; a submitted request is withdrawn instead, and stays. The history
 * keeps the deletion (the rows go with their cascade: employees, actions, plan).
 */
export const deleteDraft = defineAction<{ requestId: number; version?: number }, void>({
  name: 'deleteDraft',
  locks: lockRequest,
  async run(scope, { requestId, version }) {
    const { actor, aggregate } = await openRequest(scope, requestId, 'delete', version);
    // Checked after the policy, so that another organisation's id answers 404 whatever it sends.
    if (version === undefined) throw invalid('version', 'Indiquez la version du brouillon à supprimer (rechargez la page).');
    const r = aggregate.request;
    await recordHistory(scope.trx, actor, scope.at, {
      entityType: 'fundingRequest', entityId: requestId, action: 'deleted', changes: { reference: r.reference, company: r.companyName },
    });
    await scope.trx.deleteFrom('fundingRequests').where('id', '=', requestId).where('status', '=', 'draft').execute();
  },
});
