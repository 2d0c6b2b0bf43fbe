import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalidMany } from '../../platform/http/errors.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { missingForSubmission } from '../completeness.js';
import { planIssues, refreshReadiness, routeRequest, routingFacts } from '../instruction.js';
import { documentIssues } from '../requestDocuments.js';
import { transition } from '../requestPolicy.js';
import { moveTo, toDraft } from '../requestRepository.js';
import type { RequestStatus } from '../requestStatus.js';
import { lockRequest, openRequest } from './requestScope.js';

/** The company submits a complete request with a balanced plan; it goes to its partners. */
export const submitRequest = defineAction<{ requestId: number; version: number }, void>({
  name: 'submitRequest',
  locks: lockRequest,
  async run(scope, { requestId, version }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'submit', version);
    const to = transition(aggregate.request.status as RequestStatus, 'submit', party);
    const missing = [...missingForSubmission(toDraft(aggregate)), ...await documentIssues(scope.trx, aggregate.request, ['filing'])];
    const plan = missing.length ? [] : await planIssues(scope.trx, { ...aggregate, request: { ...aggregate.request, submittedAt: scope.at } });
    if (missing.length || plan.length) {
      throw invalidMany([...missing, ...plan], `La demande ne peut pas être déposée : ${missing.length + plan.length} point(s) à compléter ou corriger.`);
    }
    await moveTo(scope, aggregate, to, { submittedAt: scope.at });
    const { added: routed } = await routeRequest(scope.trx, requestId, routingFacts(aggregate));
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'submitted', changes: { routedTo: routed } });
    await notifyOrganisations(scope.trx, scope.at, routed, {
      subject: `Nouvelle demande à instruire : ${aggregate.request.reference}`,
      body: `${aggregate.request.companyName} a déposé une demande de financement de formation. Votre avis est attendu.`,
      link: `/demandes/${requestId}`,
    });
    await refreshReadiness(scope, aggregate);
  },
});
