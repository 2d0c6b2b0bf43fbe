import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/**
 * Worklists, notification centre and reminders. A notification still belongs to an
 * organisation, but each member reads it on their own (`notification_reads`); a kind says
 * which preference of the member applies (`notification_preferences`: at once, daily
 * digest, never). Routed partners get an opinion deadline, information requests a reply
 * deadline; `reminders` holds one row per item and day, its unique key making a second
 * reminder the same day impossible whichever process sends it.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.alterTable('notifications').addColumn('kind', 'text', (c) => c.notNull().defaultTo('general')).execute();
  await db.schema.createIndex('notifications_by_organisation').on('notifications').columns(['organisation_id', 'created_at']).execute();
  await db.schema.createTable('notification_reads')
    .addColumn('notification_id', 'integer', (c) => c.notNull().references('notifications.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('read_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_reads_pk', ['notification_id', 'user_id'])
    .execute();
  await db.schema.createIndex('notification_reads_by_user').on('notification_reads').columns(['user_id', 'notification_id']).execute();
  await db.schema.createTable('notification_preferences')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();

  await db.schema.alterTable('request_partners').addColumn('routed_on', t.date).execute();
  await db.schema.alterTable('request_partners').addColumn('opinion_due_on', t.date).execute();
  await db.schema.alterTable('request_partners').addColumn('is_due_date_set', t.boolean, (c) => c.notNull().defaultTo(t.falseValue)).execute();
  await db.schema.createIndex('request_partners_by_organisation').on('request_partners').columns(['organisation_id', 'opinion_due_on']).execute();
  await db.schema.alterTable('information_requests').addColumn('reply_due_on', t.date).execute();
  await db.schema.createIndex('information_requests_open').on('information_requests').columns(['answered_at', 'reply_due_on']).execute();
  await db.schema.createIndex('information_requests_by_asker').on('information_requests').columns(['asked_by_organisation_id', 'answered_at']).execute();

  await withId(kind, db.schema.createTable('reminders'))
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('sent_on', t.date, (c) => c.notNull())
    .addColumn('due_on', t.date, (c) => c.notNull())
    .addColumn('sent_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('reminders_once_a_day', ['item_kind', 'item_id', 'sent_on'])
    .execute();
  await db.schema.createIndex('reminders_by_month').on('reminders').columns(['sent_on', 'item_kind']).execute();
}
