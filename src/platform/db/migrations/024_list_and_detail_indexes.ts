import type { Kysely } from 'kysely';

/**
 * The request list's default order, with `status` in the index: a deep page first reads its
 * ids alone, from the list's filters without its joins (`paginate`), and the secretariat's condition (`status <> 'draft'`)
 * is then answered from the index without visiting a row per skipped entry — an index-only
 * scan on PostgreSQL, a covering index on SQLite (the rowid is in every SQLite index).
 * It replaces `(updated_at, id)`, of which it is an extension.
 * The request detail reads a request's information requests by request: they had no index
 * but those of the worklists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('funding_requests_updated_status').on('funding_requests').columns(['updated_at', 'id', 'status']).execute();
  await db.schema.dropIndex('funding_requests_updated').execute();
  await db.schema.createIndex('information_requests_request').on('information_requests').columns(['request_id', 'id']).execute();
}
