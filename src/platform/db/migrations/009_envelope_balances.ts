import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes } from '../columns.js';

/**
 * Each envelope keeps what is committed on it, net of releases, updated in the same
 * transaction as every commitment (src/programmes/envelopeBalance.ts). Summing the
 * commitments instead costs a scan of hundreds of thousands of rows per decision or import
 * at national scale (docs/benchmarks.md).
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.alterTable('envelopes').addColumn('committed_cents', t.money, (c) => c.notNull().defaultTo(0)).execute();
  await sql`update envelopes set committed_cents = coalesce((
    select sum(c.amount_cents - c.released_cents) from commitments c where c.envelope_id = envelopes.id), 0)`.execute(db);
}
