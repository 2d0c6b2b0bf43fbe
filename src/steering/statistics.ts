import type { Level1969 } from '../shared/qualification.js';

/**
 * Pure rules behind the steering figures: facts.ts applies them to each record, the
 * grouped reads of steeringQueries.ts only sum, and the unit tests pin them down.
 */

/**
 * Percentile by the nearest-rank method: the smallest value such that at least p % of
 * the values are at or below it. It returns a value that really occurred (a file that
 * took 12 days, not 11.4) and needs only ranks, which both databases compute the same way
 * with row_number(); percentile_cont exists only in PostgreSQL.
 *   rank = ceil(p × n), computed in integers as (pNum × n + pDen − 1) div pDen.
 */
export function nearestRank(n: number, pNum: number, pDen: number): number {
  if (n <= 0) return 0;
  return Math.max(1, Math.floor((pNum * n + pDen - 1) / pDen));
}

export function percentile(sorted: readonly number[], pNum: number, pDen: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[nearestRank(sorted.length, pNum, pDen) - 1];
}

/** Age in whole years on a day: the shared rule, which the SQL age expression mirrors. */
export { ageOn } from '../shared/dates.js';

/**
 * FSE participant age bands. The 2007–2013 programme counted 15–24 and 55–64 (the rest
 * falls in 25–54 or outside the working ages); 2014–2020 counts under 25 and over 54.
 */
export type AgeBandDefinition = 'fse2007' | 'fse2014';
export const AGE_BANDS: Record<AgeBandDefinition, { key: string; label: string; from: number; to: number | null }[]> = {
  fse2007: [
    { key: 'under15', label: 'Moins de 15 ans', from: 0, to: 14 },
    { key: '15-24', label: '15–24 ans', from: 15, to: 24 },
    { key: '25-54', label: '25–54 ans', from: 25, to: 54 },
    { key: '55-64', label: '55–64 ans', from: 55, to: 64 },
    { key: '65plus', label: '65 ans et plus', from: 65, to: null },
  ],
  fse2014: [
    { key: 'under25', label: 'Moins de 25 ans', from: 0, to: 24 },
    { key: '25-54', label: '25–54 ans', from: 25, to: 54 },
    { key: 'over54', label: 'Plus de 54 ans', from: 55, to: null },
  ],
};

export function ageBand(age: number, definition: AgeBandDefinition): string {
  const band = AGE_BANDS[definition].find((b) => age >= b.from && (b.to === null || age <= b.to));
  return band?.key ?? AGE_BANDS[definition][0].key;
}

/**
 * FSE education levels (ISCED 2011) from the French 1969 levels: no diploma or below
 * CAP (VI, V bis) is ISCED 1–2; CAP/BEP and baccalauréat (V, IV) are 3–4; bac + 2 and
 * above (III, II, I) are 5–8.
 */
export const ISCED_GROUPS = [
  { key: 'isced1-2', label: 'CITE 1–2 (infra V : VI, V bis)', levels: ['VI', 'Vbis'] as Level1969[] },
  { key: 'isced3-4', label: 'CITE 3–4 (niveaux V et IV)', levels: ['V', 'IV'] as Level1969[] },
  { key: 'isced5-8', label: 'CITE 5–8 (niveaux III, II, I)', levels: ['III', 'II', 'I'] as Level1969[] },
] as const;

export function iscedOf(level: string): string {
  return ISCED_GROUPS.find((g) => (g.levels as string[]).includes(level))?.key ?? 'unknown';
}

/** Company size classes (INSEE, LME 2008), by the headcount declared in the request: see sizeClassOf in facts.ts. */
export const SIZE_CLASSES = [
  { key: 'TPE', label: 'TPE (moins de 10 salariés)', below: 10 },
  { key: 'PME', label: 'PME (10 à 249)', below: 250 },
  { key: 'ETI', label: 'ETI (250 à 4 999)', below: 5000 },
  { key: 'GE', label: 'Grande entreprise (5 000 et plus)', below: null },
] as const;

/** 'YYYY-MM' months from first to last inclusive, so trends show empty months as zero. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) { m = 1; y++; }
    if (months.length > 600) break;
  }
  return months;
}
