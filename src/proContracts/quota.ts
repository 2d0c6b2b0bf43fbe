import { sql, type Kysely, type Transaction } from 'kysely';
import type { ActionScope } from '../platform/actions/runAction.js';
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

/**
 * Serialises the writers that count against the quota: two contracts recorded at once by two
 * server processes would otherwise both read « one place left » and both take it. The lock is
 * the C.Pro measure's row (PostgreSQL `for update`; SQLite writers are serialised already),
 * taken before counting and held until the contract is committed. Without the measure
 * configured, a transaction-scoped advisory lock on its code stands in for the row.
 */
export async function lockQuota(scope: ActionScope): Promise<void> {
  const measure = await scope.trx.selectFrom('measures').select('id').where('code', '=', PRO_CONTRACT_MEASURE).executeTakeFirst();
  if (measure) return scope.lock({ table: 'measures', ids: [measure.id] });
  if (scope.database.kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${PRO_CONTRACT_MEASURE}))`.execute(scope.trx);
}
