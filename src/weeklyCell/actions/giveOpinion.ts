import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalid, staleVersion } from '../../platform/http/errors.js';
import { FUNDERS, fundersOf } from '../../programmes/funders.js';
import { refreshReadiness } from '../instruction.js';
import { VERDICTS } from '../opinions.js';
import { lockRequest, openRequest } from './requestScope.js';

export const opinionBody = z.object({
  verdict: z.enum(VERDICTS, { message: 'Avis : favorable, favorable avec réserves ou défavorable.' }),
  comment: z.string().trim().max(4000).default(''),
  funder: z.enum(FUNDERS).nullable().optional(),
  proposedCents: z.number().int('Montant en centimes entiers.').min(0, 'Le montant proposé ne peut pas être négatif.').max(100_000_000_00).nullable().optional(),
  /** The version of the opinion being replaced; absent for a first opinion. */
  version: z.number().int().min(1).optional(),
}).superRefine((o, ctx) => {
  if (o.verdict !== 'favourable' && o.comment.length < 3) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Expliquez vos réserves ou votre avis défavorable.' });
});

/**
 * A routed partner gives, or changes, its organisation's opinion. Two partners giving their
 * first opinion at the same moment queue on the request's lock: each reads the other's
 * history link and readiness sees both opinions.
 */
export const giveOpinion = defineAction<{ requestId: number } & z.infer<typeof opinionBody>, void>({
  name: 'giveOpinion',
  locks: lockRequest,
  async run(scope, { requestId, ...body }) {
    const { actor, aggregate } = await openRequest(scope, requestId, 'giveOpinion');
    const { trx, at } = scope;
    const own = fundersOf(actor.organisationKind);
    const funder = body.funder ?? (body.proposedCents != null ? own[0] ?? null : null);
    if (funder && !own.includes(funder)) throw invalid('funder', 'Vous ne proposez un montant que sur la ligne de votre propre financement.');
    const existing = await trx.selectFrom('opinions').select(['id', 'version']).where('requestId', '=', requestId).where('organisationId', '=', actor.organisationId).executeTakeFirst();
    const values = { verdict: body.verdict, comment: body.comment, funder, proposedCents: body.proposedCents ?? null, authorId: actor.userId, updatedAt: at };
    if (existing) {
      if (body.version === undefined || body.version !== existing.version) throw staleVersion('L’avis de votre organisation');
      await trx.updateTable('opinions').set({ ...values, version: existing.version + 1 }).where('id', '=', existing.id).where('version', '=', existing.version).execute();
    } else {
      await trx.insertInto('opinions').values({ ...values, requestId, organisationId: actor.organisationId, createdAt: at, version: 1 }).execute();
    }
    await recordHistory(trx, actor, at, {
      entityType: 'fundingRequest', entityId: requestId, action: existing ? 'opinion_changed' : 'opinion_given',
      motivation: body.comment || null, changes: { verdict: body.verdict, funder, proposedCents: body.proposedCents ?? null },
    });
    await refreshReadiness(scope, aggregate);
  },
});
