import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalid, notFound } from '../../platform/http/errors.js';
import { isIsoDate } from '../../shared/dates.js';
import { cellToday } from '../sessions/sessionPolicy.js';
import { lockRequest, openRequest } from './requestScope.js';

export const deadlineBody = z.object({
  organisationId: z.number().int().positive('Partenaire : identifiant attendu.'),
  dueOn: z.string().refine(isIsoDate, 'Échéance : une date AAAA-MM-JJ est attendue.'),
  reason: z.string().trim().min(5, 'Motivez le changement d’échéance (5 caractères au moins).').max(2000),
});

/** The secretariat moves one routed partner's opinion deadline; the old and new dates and the reason stay in the history. */
export const setOpinionDeadline = defineAction<{ requestId: number } & z.infer<typeof deadlineBody>, void>({
  name: 'setOpinionDeadline',
  locks: lockRequest,
  async run(scope, { requestId, organisationId, dueOn, reason }) {
    const { actor } = await openRequest(scope, requestId, 'setOpinionDeadline');
    const { trx, at } = scope;
    const routed = await trx.selectFrom('requestPartners').select(['id', 'opinionDueOn']).where('requestId', '=', requestId).where('organisationId', '=', organisationId).executeTakeFirst();
    if (!routed) throw notFound('Partenaire de la demande');
    if (dueOn < cellToday(at)) throw invalid('dueOn', 'L’échéance ne peut pas être passée.');
    await trx.updateTable('requestPartners').set({ opinionDueOn: dueOn, isDueDateSet: true }).where('id', '=', routed.id).execute();
    await recordHistory(trx, actor, at, {
      entityType: 'fundingRequest', entityId: requestId, action: 'opinion_deadline_set', motivation: reason,
      changes: { organisationId, from: routed.opinionDueOn === null ? null : String(routed.opinionDueOn).slice(0, 10), to: dueOn },
    });
  },
});
