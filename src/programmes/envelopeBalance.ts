import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Funder } from './funders.js';

/**
 * The one writer of `envelopes.committed_cents`: called in the transaction that commits or
 * releases money, with the change per envelope (positive: committed, negative: released).
 * Each update is relative, so concurrent transactions add up instead of overwriting, and
 * the row lock it takes orders them. It moves the envelope's version too: an administrator
 * who edits the envelope from a page read before the commitment is told to reload.
 */
export async function moveCommitted(trx: Transaction<Schema>, changes: Iterable<[envelopeId: number, cents: number]>): Promise<void> {
  const totals = new Map<number, number>();
  for (const [id, cents] of changes) totals.set(id, (totals.get(id) ?? 0) + cents);
  for (const [id, cents] of totals) {
    if (cents === 0) continue;
    await trx.updateTable('envelopes').set({ committedCents: sql`committed_cents + ${cents}`, version: sql`version + 1` }).where('id', '=', id).execute();
  }
}

export interface EnvelopeBalance { id: number; measureId: number; funder: Funder; amountCents: number; committedCents: number }

/** The envelopes of these measures with what is committed on them: one indexed read, whatever the history. */
export async function envelopeBalances(db: Kysely<Schema> | Transaction<Schema>, measureIds: readonly number[]): Promise<EnvelopeBalance[]> {
  if (measureIds.length === 0) return [];
  const rows = await db.selectFrom('envelopes').select(['id', 'measureId', 'funder', 'amountCents', 'committedCents'])
    .where('measureId', 'in', [...new Set(measureIds)]).orderBy('id').execute();
  return rows.map((e) => ({ id: e.id, measureId: e.measureId, funder: e.funder as Funder, amountCents: Number(e.amountCents), committedCents: Number(e.committedCents) }));
}

const committedSum = sql<number>`coalesce((select sum(c.amount_cents - c.released_cents) from commitments c where c.envelope_id = envelopes.id), 0)`;

/** Envelopes whose kept balance differs from the sum of their commitments (tests, operations checks). */
export async function envelopeDrift(db: Kysely<Schema>): Promise<{ id: number; keptCents: number; summedCents: number }[]> {
  const rows = await db.selectFrom('envelopes').select(['id', 'committedCents', committedSum.as('summed')]).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, keptCents: Number(r.committedCents), summedCents: Number(r.summed) }))
    .filter((r) => r.keptCents !== r.summedCents);
}

/** Sets every balance from the commitments, after rows were loaded around the app (bulk loads). */
export async function recountEnvelopes(db: Kysely<Schema>): Promise<void> {
  await db.updateTable('envelopes').set({ committedCents: committedSum }).execute();
}
