import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { FUNDER_LABELS, type Funder } from './funders.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface EnvelopeMoney {
  id: number; measureId: number; funder: string; funderLabel: string; version: number;
  amountCents: number;
  /** Still held for approved requests: commitments minus what settlement released. */
  committedCents: number;
  /** Paid to the measure's requests by this funder, whatever envelope they were committed on. */
  paidCents: number;
  /** What the cell may still grant: amount − committed (negative if an administrator cut the envelope). */
  remainingCents: number;
}

/** Envelopes of the given measures with their money state, summed by the database. */
export async function envelopeMoney(db: Db, measureIds: readonly number[]): Promise<EnvelopeMoney[]> {
  if (measureIds.length === 0) return [];
  const rows = await db.selectFrom('envelopes as e')
    .select((eb) => [
      'e.id', 'e.measureId', 'e.funder', 'e.amountCents', 'e.version', 'e.committedCents',
      eb.selectFrom('payments as p').innerJoin('fundingRequests as r', 'r.id', 'p.requestId')
        .select((p) => p.fn.coalesce(p.fn.sum<number>('p.amountCents'), p.val(0)).as('v'))
        .whereRef('r.measureId', '=', 'e.measureId').whereRef('p.funder', '=', 'e.funder')
        .as('paidCents'),
    ])
    .where('e.measureId', 'in', [...measureIds])
    .orderBy('e.measureId').orderBy('e.id')
    .execute();
  return rows.map((r) => {
    const amountCents = Number(r.amountCents);
    const committedCents = Number(r.committedCents ?? 0);
    return {
      id: r.id, measureId: r.measureId, funder: r.funder, funderLabel: FUNDER_LABELS[r.funder as Funder] ?? r.funder, version: r.version,
      amountCents, committedCents, paidCents: Number(r.paidCents ?? 0), remainingCents: amountCents - committedCents,
    };
  });
}
