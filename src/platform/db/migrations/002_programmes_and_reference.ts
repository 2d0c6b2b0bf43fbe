import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);

  await withId(kind, db.schema.createTable('programmes'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('starts_on', t.date, (c) => c.notNull())
    .addColumn('ends_on', t.date)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(kind, db.schema.createTable('measures'))
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_on', t.date, (c) => c.notNull())
    .addColumn('ends_on', t.date)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(kind, db.schema.createTable('targets'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('value', t.money, (c) => c.notNull())
    .addUniqueConstraint('targets_indicator', ['measure_id', 'indicator'])
    .execute();

  await withId(kind, db.schema.createTable('envelopes'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('amount_cents', t.money, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('envelopes_funder', ['measure_id', 'funder'])
    .execute();

  await withId(kind, db.schema.createTable('funding_rules'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('valid_from', t.date, (c) => c.notNull())
    .addColumn('valid_to', t.date)
    .addColumn('max_rate_bp', 'integer')
    .addColumn('hourly_cap_cents', t.money)
    .addColumn('max_headcount', 'integer')
    .execute();

  await withId(kind, db.schema.createTable('routing_rules'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('funder', 'text')
    .addColumn('departement', 'text')
    .addColumn('naf_section', 'text')
    .addColumn('is_job_seekers_only', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('is_required', t.boolean, (c) => c.notNull().defaultTo(t.trueValue))
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('naf_sections')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('naf_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('division', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('rome_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await withId(kind, db.schema.createTable('job_tension'))
    .addColumn('rome_code', 'text', (c) => c.notNull())
    .addColumn('fap_code', 'text', (c) => c.notNull())
    .addColumn('fap_label', 'text', (c) => c.notNull())
    .addColumn('tension_bp', 'integer', (c) => c.notNull())
    .execute();
}
