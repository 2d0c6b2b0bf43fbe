import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { notifyOrganisations } from '../../platform/notifications/notify.js';
import { informationReplyDueOn } from '../deadlineRecords.js';
import { transition } from '../requestPolicy.js';
import { moveTo } from '../requestRepository.js';
import type { RequestStatus } from '../requestStatus.js';
import { lockRequest, openRequest } from './requestScope.js';
import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { invalid } from '../../platform/http/errors.js';

/** The label of each requested document; one the measure does not expect is refused, naming its place in the list. */
async function requestedLabels(trx: Transaction<Schema>, measureId: number, documents: z.infer<typeof requestedDocument>[]) {
  const ids = documents.flatMap((d) => ('expectedDocumentId' in d ? [d.expectedDocumentId] : []));
  const expected = ids.length ? await trx.selectFrom('expectedDocuments').select(['id', 'label']).where('measureId', '=', measureId).where('id', 'in', ids).execute() : [];
  return documents.map((d, i) => {
    if (!('expectedDocumentId' in d)) return { expectedDocumentId: null, label: d.label };
    const found = expected.find((e) => e.id === d.expectedDocumentId);
    if (!found) throw invalid(`documents.${i}.expectedDocumentId`, 'Cette pièce n’est pas attendue pour ce dispositif : choisissez-en une de la liste ou donnez un intitulé libre.');
    return { expectedDocumentId: found.id, label: found.label };
  });
}

/** A document the company is asked for: one the measure expects, or a free label. */
export const requestedDocument = z.union([
  z.object({ expectedDocumentId: z.number().int().positive() }),
  z.object({ label: z.string().trim().min(3, 'Intitulé de la pièce demandée trop court.').max(200, 'Intitulé de la pièce demandée trop long (200 caractères au plus).') }),
]);

export const askBody = z.object({
  reason: z.string().trim().min(5, 'Précisez ce que l’entreprise doit compléter.').max(4000), version: z.number().int().min(1),
  documents: z.array(requestedDocument).max(10, 'Demandez au plus 10 pièces à la fois.').optional(),
});

/** A partner or the secretariat asks the company for more; the request waits for its answer. */
export const askInformation = defineAction<{ requestId: number } & z.infer<typeof askBody>, void>({
  name: 'askInformation',
  locks: lockRequest,
  async run(scope, { requestId, version, reason, documents = [] }) {
    const { actor, party, aggregate } = await openRequest(scope, requestId, 'askInformation', version);
    const r = aggregate.request;
    await moveTo(scope, aggregate, transition(r.status as RequestStatus, 'askInformation', party));
    const labels = await requestedLabels(scope.trx, r.measureId, documents);
    const asked = await scope.trx.insertInto('informationRequests').values({
      requestId, reason, askedBy: actor.userId, askedByOrganisationId: actor.organisationId, askedAt: scope.at,
      answer: null, answeredBy: null, answeredAt: null, replyDueOn: informationReplyDueOn(scope.at),
    }).returning('id').executeTakeFirstOrThrow();
    if (labels.length) {
      await scope.trx.insertInto('informationRequestItems')
        .values(labels.map((l) => ({ informationRequestId: asked.id, requestId, expectedDocumentId: l.expectedDocumentId, label: l.label, documentId: null }))).execute();
    }
    const named = labels.length ? ` Pièces demandées : ${labels.map((l) => `« ${l.label} »`).join(', ')}.` : '';
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'information_requested', motivation: reason, changes: labels.length ? { documents: labels.map((l) => l.label) } : undefined });
    await notifyOrganisations(scope.trx, scope.at, [r.companyId], {
      subject: `Compléments demandés sur ${r.reference}`,
      body: `${actor.organisationName} vous demande : ${reason}${named}`,
      link: `/demandes/${requestId}`, kind: 'information_asked',
    });
  },
});
