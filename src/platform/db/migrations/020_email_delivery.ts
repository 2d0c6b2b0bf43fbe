import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes } from '../columns.js';

/**
 * The e-mails outbox is delivered over SMTP (src/platform/mail/): each row keeps its link to
 * the item apart from the body (made absolute at delivery), how many attempts were made, the
 * last error and when the next attempt is due. `claimed_until` is the lease of the process
 * sending it, so two server processes never send one e-mail at the same time.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.alterTable('emails').addColumn('link', 'text').execute();
  await db.schema.alterTable('emails').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('emails').addColumn('last_error', 'text').execute();
  await db.schema.alterTable('emails').addColumn('next_attempt_at', t.instant).execute();
  await db.schema.alterTable('emails').addColumn('claimed_until', t.instant).execute();
  await db.schema.createIndex('emails_unsent').on('emails').columns(['sent_at', 'next_attempt_at']).execute();
}
