import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/**
 * Which sectors (NAF) hire which jobs (ROME), with hiring counts: the reference mix shipped in
 * src/reference/data (La Bonne Boîte's sector → job table). Read once; 5,000 rows.
 */
export interface MixRow { rome: string; naf: string; hirings: number }

let cache: MixRow[] | undefined;

export function hiringMix(): MixRow[] {
  if (!cache) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../reference/data/rome_naf_hirings.csv');
    const rows = parse(fs.readFileSync(file), { columns: true, bom: true, trim: true }) as Record<string, string>[];
    cache = rows.map((r) => ({ rome: r.rome_id, naf: r.naf_id, hirings: Number(r.hirings) }));
  }
  return cache;
}

/** The jobs a sector hires most (its `top` first ROME codes): what a company of that sector trains its people for. */
export function jobsOfSector(naf: string, top = 5): string[] {
  const key = naf.replace('.', '').toUpperCase();
  return hiringMix().filter((m) => m.naf === key).sort((a, b) => b.hirings - a.hirings).slice(0, top).map((m) => m.rome);
}
