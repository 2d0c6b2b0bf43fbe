import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalidMany } from '../../platform/http/errors.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { missingForSubmission, submissionRefusal } from '../completeness.js';
import { planIssues, refreshReadiness, routeRequest, routingFacts } from '../instruction.js';
import { documentIssues } from '../requestDocuments.js';
import { transition } from '../requestPolicy.js';
import { moveTo, toDraft } from '../requestRepository.js';
import type { RequestStatus } from '../requestStatus.js';
import { fundQuestion } from '../fundCheck.js';
import { lockRequest, openRequest } from './requestScope.js';

/** The company submits a complete request with a balanced plan; it goes to its partners. */
export const submitRequest = defineAction<{ requestId: number; version: number; confirmFund?: boolean }, void>({
  name: 'submitRequest',
  locks: lockRequest,
  async run(scope, { requestId, version, confirmFund }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'submit', version);
    const to = transition(aggregate.request.status as RequestStatus, 'submit', party);
    const missing = [...missingForSubmission(toDraft(aggregate)), ...await documentIssues(scope.trx, aggregate.request, ['filing'])];
    // Every gap at once, the plan's with the rest: a company should not find them one try at a time.
    const r = aggregate.request;
    const fund = await fundQuestion(scope.trx, r, r.activityDropStart ?? scope.at.slice(0, 10));
    const issues = [
      ...missing,
      ...(fund && !confirmFund ? [{ path: 'trainingFundId', message: fund.question }] : []),
      ...await planIssues(scope.trx, { ...aggregate, request: { ...r, submittedAt: scope.at } }),
    ];
    if (issues.length) throw invalidMany(issues, submissionRefusal(issues));
    await moveTo(scope, aggregate, to, { submittedAt: scope.at });
    const { added: routed } = await routeRequest(scope.trx, requestId, routingFacts(aggregate), scope.at);
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'submitted',
      changes: { routedTo: routed, ...(fund ? { fundConfirmedAgainstBranch: fund.fund } : {}) } });
    await notifyOrganisations(scope.trx, scope.at, routed, {
      subject: `Nouvelle demande à instruire : ${aggregate.request.reference}`,
      body: `${aggregate.request.companyName} a déposé une demande de financement de formation. Votre avis est attendu.`,
      link: `/demandes/${requestId}`, kind: 'request_routed',
    });
    await refreshReadiness(scope, aggregate);
  },
});
