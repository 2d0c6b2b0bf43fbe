import type { Kysely } from 'kysely';

/**
 * Limits that must hold across every server process, so kept in the database:
 * - `costly_work`: one row per dashboard computation, report, export or import started, kept
 *   for the per-user rate; a row without `finished_at` whose lease has not run out is running
 *   (src/platform/limits/costlyWork.ts). Instants are ISO text in both databases, compared as text.
 * - `login_attempts.last_failure_at`: failed logins delay the next try by a time that grows
 *   with the failures of one account from one address (src/platform/identity/loginThrottle.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('costly_work')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('costly_work_user_started').on('costly_work').columns(['user_id', 'started_at']).execute();
  await db.schema.createIndex('costly_work_running').on('costly_work').columns(['finished_at', 'lease_until']).execute();
  await db.schema.alterTable('login_attempts').addColumn('last_failure_at', 'text').execute();
}
