import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/**
 * Acte III observatory: the labour-market data sets as published (BMO survey, job seekers and
 * offers, ROME mobility, cross-border workers), the FAP ↔ ROME crosswalk, and what the
 * partnership keeps about them (watchlist of jobs of the future, alert rules and alerts, the
 * territorial diagnostic, actions prepared from a target job). A secret BMO count is null with
 * its `*_masked` flag set, never 0.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  const flag = (name: string) => (b: any) => b.addColumn(name, t.boolean, (c: any) => c.notNull().defaultTo(t.falseValue));

  await withId(kind, db.schema.createTable('observatory_imports'))
    .addColumn('dataset', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('years', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('kept_count', 'integer', (c) => c.notNull())
    .addColumn('masked_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_synthetic', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('imported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('imported_at', t.instant, (c) => c.notNull())
    .execute();

  let bmo = withId(kind, db.schema.createTable('observatory_bmo'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('fap_version', 'text', (c) => c.notNull())
    .addColumn('fap_code', 'text', (c) => c.notNull())
    .addColumn('fap_label', 'text', (c) => c.notNull())
    .addColumn('projects', 'integer')
    .addColumn('difficult', 'integer')
    .addColumn('seasonal', 'integer');
  for (const name of ['projects_masked', 'difficult_masked', 'seasonal_masked']) bmo = flag(name)(bmo);
  await bmo.addColumn('import_id', 'integer', (c) => c.notNull().references('observatory_imports.id'))
    .addUniqueConstraint('observatory_bmo_cell', ['year', 'area_code', 'fap_code']).execute();

  await withId(kind, db.schema.createTable('observatory_market'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('rome_code', 'text', (c) => c.notNull())
    .addColumn('offers', 'integer')
    .addColumn('seekers_a', 'integer')
    .addColumn('seekers_abc', 'integer')
    .addColumn('exits_abc', 'integer')
    .addColumn('employment', 'integer')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('observatory_imports.id'))
    .addUniqueConstraint('observatory_market_cell', ['year', 'area_code', 'rome_code']).execute();

  await withId(kind, db.schema.createTable('observatory_mobility'))
    .addColumn('rome_code', 'text', (c) => c.notNull())
    .addColumn('target_rome_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('observatory_imports.id'))
    .addUniqueConstraint('observatory_mobility_move', ['rome_code', 'target_rome_code', 'kind']).execute();

  await db.schema.createTable('observatory_crosswalk')
    .addColumn('fap_version', 'text', (c) => c.notNull())
    .addColumn('fap_code', 'text', (c) => c.notNull())
    .addColumn('rome_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('observatory_crosswalk_pk', ['fap_version', 'fap_code', 'rome_code']).execute();
  // The FAP 2009 families of the job tension file, already mapped to ROME, start the crosswalk.
  await sql`insert into observatory_crosswalk (fap_version, fap_code, rome_code) select distinct '2009', fap_code, rome_code from job_tension`.execute(db);

  await withId(kind, db.schema.createTable('observatory_permits'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('canton', 'text', (c) => c.notNull())
    .addColumn('workers', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('observatory_imports.id'))
    .addUniqueConstraint('observatory_permits_cell', ['year', 'quarter', 'canton']).execute();

  await withId(kind, db.schema.createTable('observatory_border_residents'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('working_in_switzerland', 'integer', (c) => c.notNull())
    .addColumn('labour_force', 'integer')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('observatory_imports.id'))
    .addUniqueConstraint('observatory_border_cell', ['year', 'area_code']).execute();

  await withId(kind, db.schema.createTable('observatory_watchlist'))
    .addColumn('rome_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('tagged_on', t.date, (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('observatory_watchlist_job', ['rome_code']).execute();

  await withId(kind, db.schema.createTable('observatory_alert_rules'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('min_rise_hundredths', 'integer')
    .addColumn('min_difficult_bp', 'integer')
    .addColumn('min_seekers', 'integer')
    .addColumn('throttle_days', 'integer', (c) => c.notNull())
    .addColumn('is_active', t.boolean, (c) => c.notNull().defaultTo(t.trueValue))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.insertInto('observatory_alert_rules').values([
    { kind: 'tensionRise', label: 'Tension en hausse d’au moins 0,5 point en un an', min_rise_hundredths: 50, min_difficult_bp: null, min_seekers: null, throttle_days: 28 },
    { kind: 'difficultWithSeekers', label: 'Au moins 75 % de projets difficiles avec au moins 150 demandeurs d’emploi', min_rise_hundredths: null, min_difficult_bp: 7500, min_seekers: 150, throttle_days: 28 },
  ]).execute();

  await withId(kind, db.schema.createTable('observatory_digests'))
    .addColumn('produced_at', t.instant, (c) => c.notNull())
    .addColumn('alert_count', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();

  await withId(kind, db.schema.createTable('observatory_alerts'))
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('observatory_alert_rules.id'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('fap_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('opened_at', t.instant, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seen_at', t.instant)
    .addColumn('acted_at', t.instant)
    .addColumn('acted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('digest_id', 'integer', (c) => c.references('observatory_digests.id'))
    .addUniqueConstraint('observatory_alerts_once', ['rule_id', 'area_code', 'fap_code', 'year']).execute();
  await db.schema.createIndex('observatory_alerts_digest').on('observatory_alerts').columns(['digest_id', 'status']).execute();

  await withId(kind, db.schema.createTable('observatory_diagnostic_points'))
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('observatory_diagnostic_area').on('observatory_diagnostic_points').columns(['area_code', 'kind']).execute();

  await withId(kind, db.schema.createTable('observatory_plans'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('rome_code', 'text', (c) => c.notNull())
    .addColumn('source_rome_code', 'text')
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
}
