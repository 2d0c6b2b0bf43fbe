import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/**
 * Steering kept exact to the last write (docs/architecture.md, « Pilotage »).
 *
 * `changed_entities`: every history event also queues its (entity_type, entity_id), written
 * by a trigger in the writer's own transaction, so a row becomes visible exactly when the
 * change commits — a commit-ordered mark, which `max(history id)` is not on PostgreSQL —
 * and every writer of history is covered, the bulk history import included. Generic: the
 * platform does not know who consumes it.
 *
 * `steering_facts`: what each business record contributes to the dashboard, a few rows per
 * record at the grain of the filters (département, area, NAF section, measure, funders, day)
 * and of the tables (sex, age, situation, level, siret…). Rewritten for the changed records
 * only; every view is a grouped read of this one table.
 *
 * `steering_state`: one row, the version of the facts (raised by each batch of changes
 * applied) that kept views are compared with, and the date of the last full rebuild.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.createTable('changed_entities').$call((b) => withId(kind, b))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .execute();
  if (kind === 'postgres') {
    await sql`create function queue_changed_entity() returns trigger language plpgsql as $$
      begin insert into changed_entities (entity_type, entity_id) values (new.entity_type, new.entity_id); return new; end $$`.execute(db);
    await sql`create trigger history_changed_entity after insert on history_events for each row execute function queue_changed_entity()`.execute(db);
  } else {
    await sql`create trigger history_changed_entity after insert on history_events for each row
      begin insert into changed_entities (entity_type, entity_id) values (new.entity_type, new.entity_id); end`.execute(db);
  }

  await db.schema.createTable('steering_facts')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'integer', (c) => c.notNull())
    // ',OPCA,STATE,': the funders whose filter selects the record.
    .addColumn('funders', 'text', (c) => c.notNull())
    .addColumn('departement', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('k1', 'text', (c) => c.notNull())
    .addColumn('k2', 'text', (c) => c.notNull())
    .addColumn('k3', 'text', (c) => c.notNull())
    .addColumn('k4', 'text', (c) => c.notNull())
    .addColumn('n', t.money, (c) => c.notNull())
    .addColumn('v1', t.money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('steering_facts_entity').on('steering_facts').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('steering_facts_view').on('steering_facts').columns(['fact', 'departement', 'day']).execute();

  await db.schema.createTable('steering_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rebuilt_at', t.instant)
    .execute();
  await db.insertInto('steering_state').values({ id: 1, version: 0, rebuilt_at: null }).execute();

  await db.schema.alterTable('steering_snapshots').renameColumn('history_mark', 'facts_version').execute();
  await db.deleteFrom('steering_snapshots').execute();
}
