import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes } from '../columns.js';

/**
 * The steering dashboard of a programme or measure, computed once and kept until the
 * history moves on (docs/architecture.md, « Pilotage »): at national scale the figures
 * aggregate millions of rows, far too many to recompute for every reader.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.createTable('steering_snapshots')
    .addColumn('scope_key', 'text', (c) => c.primaryKey())
    // The last history event the figures include: every business change writes one in its own transaction.
    .addColumn('history_mark', 'integer', (c) => c.notNull())
    .addColumn('built_on', 'text', (c) => c.notNull())
    .addColumn('built_at', t.instant, (c) => c.notNull())
    .addColumn('build_ms', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
}
