import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/** One row of the branch → fund table, handed over by the reference module (platform reads no business data). */
export interface IdccFundRow { idcc: string; branch: string; fund: string; validFrom: string; validTo: string | null; note: string | null }

/**
 * The training fund of each branch (IDCC) over time, as reference data: the 2012 OPCA, then
 * the 2019 OPCO. The request form suggests the fund for the IDCC at the request's date and
 * asks the company to confirm another choice. Administrators add and close periods.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind, idccFunds: () => IdccFundRow[]): Promise<void> {
  const t = columnTypes(kind);
  await withId(kind, db.schema.createTable('idcc_funds'))
    .addColumn('idcc', 'text', (c) => c.notNull())
    .addColumn('branch', 'text', (c) => c.notNull())
    .addColumn('fund', 'text', (c) => c.notNull())
    .addColumn('valid_from', t.date, (c) => c.notNull())
    .addColumn('valid_to', t.date)
    .addColumn('note', 'text')
    .addUniqueConstraint('idcc_funds_idcc_from', ['idcc', 'valid_from'])
    .execute();
  const rows = idccFunds().map((r) => ({ idcc: r.idcc, branch: r.branch, fund: r.fund, valid_from: r.validFrom, valid_to: r.validTo, note: r.note }));
  if (rows.length) await db.insertInto('idcc_funds').values(rows).execute();
}
