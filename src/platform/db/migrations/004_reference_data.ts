import type { Kysely } from 'kysely';

/** The public nomenclatures, read by their business module from its data files. */
export interface ReferenceData {
  nafSections(): { code: string; label: string }[];
  nafCodes(): { code: string; label: string; division: string; section: string }[];
  romeCodes(): { code: string; label: string }[];
  jobTension(): { romeCode: string; fapCode: string; fapLabel: string; tensionBp: number }[];
}

/** Loads the public nomenclatures so that reports can group by sector and job in SQL. */
export async function up(db: Kysely<any>, data: ReferenceData): Promise<void> {
  const chunks = <T>(rows: T[], size = 200) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const part of chunks(data.nafSections())) await db.insertInto('naf_sections').values(part).execute();
  for (const part of chunks(data.nafCodes())) await db.insertInto('naf_codes').values(part).execute();
  for (const part of chunks(data.romeCodes())) await db.insertInto('rome_codes').values(part).execute();
  const tension = data.jobTension().map((r) => ({
    rome_code: r.romeCode, fap_code: r.fapCode, fap_label: r.fapLabel, tension_bp: r.tensionBp,
  }));
  for (const part of chunks(tension)) await db.insertInto('job_tension').values(part).execute();
}
