import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes } from '../columns.js';

/**
 * Jobs are claimed for a lease that the running process renews (src/platform/outbox/jobs.ts):
 * a claim whose lease ran out belongs to a process that died, and the job is claimable again.
 * `unique_key` gives a job an identity in the queue: at most one pending or running job per
 * key, enforced by a partial unique index so two processes enqueueing at once cannot both win.
 *
 * Notifications and e-mails written by a job carry `effect_key` (job, purpose): a rerun of the
 * job meets the unique index per recipient and writes nothing twice.
 *
 * `health_probes` is where readiness tries a write.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.alterTable('jobs').addColumn('lease_until', t.instant).execute();
  await db.schema.alterTable('jobs').addColumn('unique_key', 'text').execute();
  await db.schema.createIndex('jobs_unique_key').on('jobs').column('unique_key').unique()
    .where(sql.ref('status'), 'in', [sql.lit('pending'), sql.lit('running')]).execute();
  await db.schema.createIndex('jobs_admin_list').on('jobs').columns(['status', 'created_at']).execute();

  await db.schema.alterTable('notifications').addColumn('effect_key', 'text').execute();
  await db.schema.createIndex('notifications_effect').on('notifications').columns(['organisation_id', 'effect_key']).unique().execute();
  await db.schema.alterTable('emails').addColumn('effect_key', 'text').execute();
  await db.schema.createIndex('emails_effect').on('emails').columns(['to_address', 'effect_key']).unique().execute();

  // Readiness writes a row here and rolls it back (src/platform/http/health.ts): it never holds data.
  await db.schema.createTable('health_probes')
    .addColumn('written_at', t.instant, (c) => c.notNull())
    .addColumn('filler', t.blob, (c) => c.notNull())
    .execute();
}
