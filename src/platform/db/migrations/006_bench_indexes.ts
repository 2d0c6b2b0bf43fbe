import type { Kysely } from 'kysely';

/**
 * Indexes found missing by `npm run bench` (docs/benchmarks.md): the default orders of
 * the two big lists. Without them every page — and every 2,000-row chunk of an export's
 * keyset walk — sorts the whole table (SQLite "USE TEMP B-TREE FOR ORDER BY",
 * PostgreSQL "Sort") instead of reading 20 rows in index order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('funding_requests_updated').on('funding_requests').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('pro_contracts_start').on('pro_contracts').columns(['start_date', 'id']).execute();
}
