import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/**
 * Acte II measures: professionalisation contracts with their tutors, temp workers'
 * pathways with their periods and financing lines, intergenerational pairs.
 * Hours are stored in hundredths (integers) so that 151,67 h stays exact on both databases.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);

  // A tutor belongs to one company; their load is counted across all their contracts.
  await withId(kind, db.schema.createTable('tutors'))
    .addColumn('company_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', t.date)
    .addColumn('related_experience_months', 'integer', (c) => c.notNull())
    .addColumn('is_employer', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('tutors_company').on('tutors').columns(['company_id', 'last_name']).execute();

  await withId(kind, db.schema.createTable('pro_contracts'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('company_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('training_fund_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('tutor_id', 'integer', (c) => c.references('tutors.id'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', t.date, (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('level1969', 'text', (c) => c.notNull())
    .addColumn('has_recognised_qualification', t.boolean, (c) => c.notNull())
    .addColumn('is_job_seeker', t.boolean, (c) => c.notNull())
    // Comma-separated priority publics (rsa, ass, aah, afterCui): a short closed list.
    .addColumn('publics', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contract_type', 'text', (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addColumn('extended_duration_reason', 'text')
    .addColumn('training_hours_hundredths', 'integer', (c) => c.notNull())
    .addColumn('has_branch_training_above25', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('targeted_qualification', 'text', (c) => c.notNull())
    .addColumn('targeted_level', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('gross_monthly_pay_cents', t.money, (c) => c.notNull())
    .addColumn('branch_minimum_monthly_cents', t.money)
    .addColumn('branch_hourly_rate_cents', t.money)
    .addColumn('tutor_training_hours_hundredths', 'integer')
    .addColumn('is_reserved_for_pair', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('is_quota_override', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('funding_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('actual_end_date', t.date)
    .addColumn('end_reason', 'text')
    .addColumn('certification', 'text')
    .addColumn('situation_at_exit', 'text')
    .addColumn('situation_after6_months', 'text')
    // Stored so that "follow-ups due or late" is a plain indexed filter, recomputed on each edit.
    .addColumn('follow_up_due_from', t.date, (c) => c.notNull())
    .addColumn('follow_up_late_after', t.date, (c) => c.notNull())
    .addColumn('is_imported', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('pro_contracts_company').on('pro_contracts').columns(['company_id', 'id']).execute();
  await db.schema.createIndex('pro_contracts_fund').on('pro_contracts').columns(['training_fund_id', 'id']).execute();
  await db.schema.createIndex('pro_contracts_tutor').on('pro_contracts').columns(['tutor_id']).execute();
  await db.schema.createIndex('pro_contracts_follow_up').on('pro_contracts').columns(['follow_up_due_from']).execute();

  await withId(kind, db.schema.createTable('temp_pathways'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', t.date, (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('level1969', 'text', (c) => c.notNull())
    .addColumn('schooling_route', 'text', (c) => c.notNull())
    .addColumn('has_vocational_diploma', t.boolean, (c) => c.notNull())
    .addColumn('entry_date', t.date, (c) => c.notNull())
    .addColumn('versatility', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('training_hours_hundredths', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mission_hours_hundredths', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('financed_cents', t.money, (c) => c.notNull().defaultTo(0))
    .addColumn('exit_date', t.date)
    .addColumn('outcome', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('temp_pathways_agency').on('temp_pathways').columns(['agency_id', 'id']).execute();

  await withId(kind, db.schema.createTable('pathway_periods'))
    .addColumn('pathway_id', 'integer', (c) => c.notNull().references('temp_pathways.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addColumn('hours_hundredths', 'integer', (c) => c.notNull())
    .addColumn('cost_cents', t.money)
    .addColumn('rome_code', 'text', (c) => c.references('rome_codes.code'))
    .addColumn('provider_name', 'text')
    .addColumn('user_company', 'text')
    .addColumn('targeted_qualification', 'text')
    .execute();
  await db.schema.createIndex('pathway_periods_pathway').on('pathway_periods').columns(['pathway_id', 'position']).execute();

  await withId(kind, db.schema.createTable('pathway_funding_lines'))
    .addColumn('pathway_id', 'integer', (c) => c.notNull().references('temp_pathways.id').onDelete('cascade'))
    .addColumn('envelope_id', 'integer', (c) => c.notNull().references('envelopes.id'))
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('amount_cents', t.money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pathway_funding_lines_envelope').on('pathway_funding_lines').columns(['envelope_id']).execute();
  await db.schema.createIndex('pathway_funding_lines_pathway').on('pathway_funding_lines').columns(['pathway_id']).execute();

  await withId(kind, db.schema.createTable('pairs'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('company_id', 'integer', (c) => c.notNull().references('organisations.id'))
    // One junior contract belongs to at most one pair.
    .addColumn('junior_contract_id', 'integer', (c) => c.notNull().unique().references('pro_contracts.id'))
    .addColumn('senior_last_name', 'text', (c) => c.notNull())
    .addColumn('senior_first_name', 'text', (c) => c.notNull())
    .addColumn('senior_birth_date', t.date, (c) => c.notNull())
    .addColumn('senior_sex', 'text', (c) => c.notNull())
    .addColumn('expected_retirement_date', t.date, (c) => c.notNull())
    .addColumn('start_date', t.date, (c) => c.notNull())
    .addColumn('end_date', t.date, (c) => c.notNull())
    .addColumn('full_time_salary_cents', t.money, (c) => c.notNull())
    .addColumn('activity_bp', 'integer', (c) => c.notNull())
    .addColumn('pay_bp', 'integer', (c) => c.notNull())
    .addColumn('has_written_agreement', t.boolean, (c) => c.notNull())
    .addColumn('is_employer_paying_supplement', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('pairs_company').on('pairs').columns(['company_id', 'id']).execute();
}
