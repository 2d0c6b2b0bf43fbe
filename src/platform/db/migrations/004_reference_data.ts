import type { Kysely } from 'kysely';
import { loadJobTension, loadNafCodes, loadNafSections, loadRomeCodes } from '../../../reference/nomenclatures.js';

/** Loads the public nomenclatures so that reports can group by sector and job in SQL. */
export async function up(db: Kysely<any>): Promise<void> {
  const chunks = <T>(rows: T[], size = 200) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const part of chunks(loadNafSections())) await db.insertInto('naf_sections').values(part).execute();
  for (const part of chunks(loadNafCodes())) await db.insertInto('naf_codes').values(part).execute();
  for (const part of chunks(loadRomeCodes())) await db.insertInto('rome_codes').values(part).execute();
  const tension = loadJobTension().map((r) => ({
    rome_code: r.romeCode, fap_code: r.fapCode, fap_label: r.fapLabel, tension_bp: r.tensionBp,
  }));
  for (const part of chunks(tension)) await db.insertInto('job_tension').values(part).execute();
}
