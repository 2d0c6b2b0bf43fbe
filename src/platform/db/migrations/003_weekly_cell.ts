import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);

  await withId(kind, db.schema.createTable('funding_requests'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id'))
    .addColumn('company_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('training_fund_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('siret', 'text', (c) => c.notNull())
    .addColumn('naf_code', 'text')
    .addColumn('idcc', 'text')
    .addColumn('headcount', 'integer')
    .addColumn('departement', 'text')
    .addColumn('activity_drop_start', t.date)
    .addColumn('activity_drop_end', t.date)
    .addColumn('justification_kind', 'text')
    .addColumn('authorisation_reference', 'text')
    .addColumn('partial_activity_hours', 'integer')
    .addColumn('retention_commitment_months', 'integer')
    .addColumn('retention_commitment', 'text')
    .addColumn('trainee_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('training_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('teaching_cost_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('pay_cost_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('total_cost_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('realised_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('realised_cost_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('committed_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('paid_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', t.instant)
    .addColumn('decided_at', t.instant)
    .addColumn('closed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('is_imported', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('funding_requests_company').on('funding_requests').columns(['company_id', 'id']).execute();
  await db.schema.createIndex('funding_requests_status').on('funding_requests').columns(['status', 'id']).execute();
  await db.schema.createIndex('funding_requests_measure').on('funding_requests').columns(['measure_id', 'status']).execute();

  await withId(kind, db.schema.createTable('request_employees'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', t.date, (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('socio_professional_category', 'text', (c) => c.notNull())
    .addColumn('level1969', 'text', (c) => c.notNull())
    .addColumn('level2019', 'text', (c) => c.notNull())
    .addColumn('contract_type', 'text', (c) => c.notNull())
    .addColumn('situation', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_employees_request').on('request_employees').column('request_id').execute();

  await withId(kind, db.schema.createTable('training_actions'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('objective', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('provider_siret', 'text', (c) => c.notNull())
    .addColumn('hours_per_trainee', 'integer', (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addColumn('teaching_cost_cents', t.money, (c) => c.notNull())
    .addColumn('hourly_wage_cents', t.money, (c) => c.notNull())
    .addColumn('realised_hours', 'integer')
    .addColumn('realised_trainees', 'integer')
    .addColumn('realised_teaching_cost_cents', t.money)
    .addColumn('realised_pay_cost_cents', t.money)
    .execute();
  await db.schema.createIndex('training_actions_request').on('training_actions').column('request_id').execute();

  await db.schema.createTable('action_trainees')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('training_actions.id').onDelete('cascade'))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('request_employees.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('action_trainees_pk', ['action_id', 'employee_id'])
    .execute();

  await withId(kind, db.schema.createTable('funding_lines'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('proposed_cents', t.money, (c) => c.notNull())
    .addColumn('approved_cents', t.money)
    .execute();
  await db.schema.createIndex('funding_lines_request').on('funding_lines').column('request_id').execute();

  await withId(kind, db.schema.createTable('request_partners'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('is_required', t.boolean, (c) => c.notNull())
    .addUniqueConstraint('request_partners_unique', ['request_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('request_partners_organisation').on('request_partners').columns(['organisation_id', 'request_id']).execute();

  await withId(kind, db.schema.createTable('opinions'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('funder', 'text')
    .addColumn('proposed_cents', t.money)
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('opinions_one_per_partner', ['request_id', 'organisation_id'])
    .execute();

  await withId(kind, db.schema.createTable('information_requests'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('asked_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('asked_by_organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('asked_at', t.instant, (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'integer')
    .addColumn('answered_at', t.instant)
    .execute();

  await withId(kind, db.schema.createTable('private_messages'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(kind, db.schema.createTable('cell_sessions'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('held_on', t.date, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', t.instant)
    .addColumn('closed_at', t.instant)
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(kind, db.schema.createTable('agenda_items'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('cell_sessions.id').onDelete('cascade'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('motivation', 'text')
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', t.instant)
    .addUniqueConstraint('agenda_items_unique', ['session_id', 'request_id'])
    .execute();
  await db.schema.createIndex('agenda_items_request').on('agenda_items').column('request_id').execute();

  await withId(kind, db.schema.createTable('decision_lines'))
    .addColumn('agenda_item_id', 'integer', (c) => c.notNull().references('agenda_items.id').onDelete('cascade'))
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('approved_cents', t.money, (c) => c.notNull())
    .execute();

  await withId(kind, db.schema.createTable('commitments'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('envelope_id', 'integer', (c) => c.notNull().references('envelopes.id'))
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('amount_cents', t.money, (c) => c.notNull())
    .addColumn('released_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('session_id', 'integer')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitments_envelope').on('commitments').column('envelope_id').execute();
  await db.schema.createIndex('commitments_request').on('commitments').column('request_id').execute();

  await withId(kind, db.schema.createTable('payments'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('amount_cents', t.money, (c) => c.notNull())
    .addColumn('paid_on', t.date, (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_request').on('payments').column('request_id').execute();
}
