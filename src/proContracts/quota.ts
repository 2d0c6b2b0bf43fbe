import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { ACTE_II_PARAMETERS } from '../acteII/parameters.js';
import { inForce } from '../shared/validity.js';
import type { IsoDate } from '../shared/dates.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export const PRO_CONTRACT_MEASURE = 'ACTE2-CPRO';

export interface QuotaTargets { target: number; reservedTarget: number }

/**
 * Targets are data: the steering committee edits them in the targets table of the C.Pro
 * measure; the dated parameters are only the fallback when the measure is not configured.
 */
export async function quotaTargets(db: Db, day: IsoDate): Promise<QuotaTargets> {
  const rows = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId')
    .select(['t.indicator', 't.value']).where('m.code', '=', PRO_CONTRACT_MEASURE).execute();
  const fallback = inForce(ACTE_II_PARAMETERS.acteIITargets, day)?.value ?? { proContracts: 6000, proContractsReservedForPairs: 1000 };
  const byIndicator = new Map(rows.map((r) => [r.indicator, Number(r.value)]));
  return {
    target: byIndicator.get('contracts') ?? fallback.proContracts,
    reservedTarget: byIndicator.get('reserved_pairs') ?? fallback.proContractsReservedForPairs,
  };
}

/** Contracts already counted, without the one being edited. */
export async function quotaCounts(db: Db, excludeId: number | null = null): Promise<{ total: number; reserved: number }> {
  const row = await db.selectFrom('proContracts')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('isReservedForPair', '=', true).then(1).else(0).end()).as('reserved'),
    ])
    .$if(excludeId !== null, (q) => q.where('id', '!=', excludeId!))
    .executeTakeFirstOrThrow();
  return { total: Number(row.total ?? 0), reserved: Number(row.reserved ?? 0) };
}
