import type { Database } from '../platform/db/database.js';
import { migrateWith } from '../platform/db/migrate.js';
import { loadIdccFunds, loadJobTension, loadNafCodes, loadNafSections, loadRomeCodes } from '../reference/nomenclatures.js';

/** Applies the pending migrations with the data they load from business modules; returns the names of those it applied. */
export const migrateToLatest = (database: Database): Promise<string[]> => migrateWith(database, {
  referenceData: { nafSections: loadNafSections, nafCodes: loadNafCodes, romeCodes: loadRomeCodes, jobTension: loadJobTension },
  idccFunds: loadIdccFunds,
});
