import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalid } from '../../platform/http/errors.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { draftRoutingFacts, routeRequest } from '../instruction.js';
import { replaceDraft, toDraft } from '../requestRepository.js';
import type { RequestDraft } from '../requestSchema.js';
import { checkDraft } from './draftChecks.js';
import { lockRequest, openRequest } from './requestScope.js';

/**
 * The company saves its draft, or completes a submitted request it was asked about. A
 * submitted request is routed again: an edit can add a funder or job seekers, and so a
 * partner, or take one away.
 */
export const saveDraft = defineAction<{ requestId: number; version: number; draft: RequestDraft }, void>({
  name: 'saveDraft',
  locks: lockRequest,
  async run(scope, { requestId, version, draft }) {
    const { actor, aggregate } = await openRequest(scope, requestId, 'edit', version);
    // A draft may move to another measure (the first one offered may have nothing left); once
    // submitted, partners instruct it under its measure's rules and envelopes.
    if (draft.measureId !== aggregate.request.measureId && aggregate.request.status !== 'draft') {
      throw invalid('measureId', 'Le dispositif d’une demande déposée ne change plus ; retirez-la et créez une nouvelle demande.');
    }
    await checkDraft(scope.trx, actor, draft);
    const before = toDraft(aggregate);
    await replaceDraft(scope.trx, requestId, version, draft, scope.at);
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'edited', changes: summariseChanges(before, draft) });
    const r = aggregate.request;
    if (r.status === 'draft') return;
    const { added, removed } = await routeRequest(scope.trx, requestId, draftRoutingFacts(draft), scope.at);
    if (added.length === 0 && removed.length === 0) return;
    await recordHistory(scope.trx, null, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'routing_changed', changes: { added, removed } });
    await notifyOrganisations(scope.trx, scope.at, added, {
      subject: `Nouvelle demande à instruire : ${r.reference}`,
      body: `${draft.company.name} a complété sa demande de financement de formation, qui vous est désormais adressée. Votre avis est attendu.`,
      link: `/demandes/${requestId}`, kind: 'request_routed',
    });
  },
});

function summariseChanges(before: RequestDraft, after: RequestDraft): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof RequestDraft)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = Array.isArray(after[key]) ? `${(after[key] as unknown[]).length} élément(s)` : after[key];
    }
  }
  return changes;
}
