import type { Kysely } from 'kysely';

/**
 * Imports find each company by SIRET (history, contracts, pathways, pairs); without this
 * index every look-up read all the companies (docs/benchmarks.md, import).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('organisations_siret').on('organisations').columns(['siret']).execute();
}
