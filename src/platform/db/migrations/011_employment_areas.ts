import type { Kysely } from 'kysely';

/**
 * The employment area (zone d'emploi) of the establishment, for the steering's territory
 * below the département (src/shared/employmentAreas.ts). A request keeps the one it was
 * filed with; Acte II records read their company's or agency's.
 *
 * The kept steering views lack the new tables and would stay valid until the next change:
 * a migration that changes what the dashboard holds empties them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('funding_requests').addColumn('employment_area', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('employment_area', 'text').execute();
  await db.deleteFrom('steering_snapshots').execute();
}
