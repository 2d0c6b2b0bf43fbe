import type { Kysely, Transaction } from 'kysely';
import type { ActionScope } from '../platform/actions/runAction.js';
import type { Schema } from '../platform/db/schema.js';
import { envelopeRemaining, type EnvelopeState } from './rules/index.js';

type Db = Kysely<Schema> | Transaction<Schema>;
export const TEMP_PATHWAY_MEASURE = 'ACTE2-AXE2';

export interface FunderEnvelope extends EnvelopeState { envelopeId: number; funder: string }

/**
 * The Axis 2 envelopes (17,2 M€ FAF.TT, 2 M€ Region, 0,8 M€ FPSPP in the demo) are data of the
 * measure; what pathways commit is summed from their financing lines, the edited pathway excluded.
 */
export async function axisTwoEnvelopes(db: Db, excludePathwayId: number | null = null): Promise<FunderEnvelope[]> {
  const envelopes = await db.selectFrom('envelopes as e').innerJoin('measures as m', 'm.id', 'e.measureId')
    .select(['e.id', 'e.funder', 'e.amountCents']).where('m.code', '=', TEMP_PATHWAY_MEASURE).orderBy('e.id').execute();
  const lines = await db.selectFrom('pathwayFundingLines').select(['envelopeId', 'amountCents'])
    .$if(excludePathwayId !== null, (q) => q.where('pathwayId', '!=', excludePathwayId!))
    .where('envelopeId', 'in', envelopes.length ? envelopes.map((e) => e.id) : [0]).execute();
  return envelopes.map((e) => ({
    envelopeId: e.id, funder: e.funder,
    ...envelopeRemaining(Number(e.amountCents), lines.filter((l) => l.envelopeId === e.id).map((l) => ({ amountCents: Number(l.amountCents) }))),
  }));
}

export async function pathwayTarget(db: Db): Promise<number | null> {
  const row = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId')
    .select('t.value').where('m.code', '=', TEMP_PATHWAY_MEASURE).where('t.indicator', '=', 'pathways').executeTakeFirst();
  return row ? Number(row.value) : null;
}

/** The Axis 2 envelopes' rows, locked in id order until the pathway writing on them commits. */
export async function lockAxisTwoEnvelopes(scope: ActionScope): Promise<void> {
  const rows = await scope.trx.selectFrom('envelopes as e').innerJoin('measures as m', 'm.id', 'e.measureId')
    .select('e.id').where('m.code', '=', TEMP_PATHWAY_MEASURE).execute();
  await scope.lock({ table: 'envelopes', ids: rows.map((r) => r.id) });
}
