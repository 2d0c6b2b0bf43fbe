import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { COMPONENTS, dissimilarity, factorValues, quintiles, standardisers, tensionComposite, tensionMethodFor } from './rules/tension.js';
import { difficultShareBp } from './rules/paradox.js';

/**
 * The observatory's cells: one per year × employment area × BMO job (FAP family), joining the
 * BMO counts with the job seekers and offers of the ROME jobs the crosswalk puts in that family.
 * Data sets are small (nine areas, a few hundred jobs, a few years): they are read whole and
 * computed in memory on each request, so every figure follows the last import at once.
 */
export interface Cell {
  year: number; area: string; fap: string; fapLabel: string; fapVersion: string;
  projects: number | null; projectsMasked: boolean; difficult: number | null; difficultMasked: boolean;
  seasonal: number | null; seasonalMasked: boolean;
  offers: number | null; seekersA: number | null; seekersAbc: number | null; exitsAbc: number | null; employment: number | null;
}

export type Factor = 'hiringIntensity' | 'lackOfLabour' | 'nonDurable' | 'geographicMismatch';
export const FACTORS: readonly Factor[] = ['hiringIntensity', 'lackOfLabour', 'nonDurable', 'geographicMismatch'];

export interface TensionCell extends Cell {
  difficultShareBp: number | null;
  exitRate: number | null;
  tension: number | null;
  factors: Record<Factor, number | null>;
}

export interface Observatory {
  cells: TensionCell[];
  years: number[];
  /** How the reference distribution was taken: the method's years, or every year available when none of them is. */
  reference: { from: number; to: number; fallback: boolean };
  /** ROME → FAP codes per FAP version. */
  fapsOfRome: Map<string, Map<string, string[]>>;
  romesOfFap: Map<string, string[]>;
  /** ROME jobs the job-seekers file counts: the crosswalk lists many more than a territory has. */
  romesWithData: Set<string>;
  isSynthetic: boolean;
}

const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

export async function loadObservatory(db: Kysely<Schema>): Promise<Observatory> {
  const [bmo, market, crosswalk, synthetic] = await Promise.all([
    db.selectFrom('observatoryBmo').selectAll().execute(),
    db.selectFrom('observatoryMarket').selectAll().execute(),
    db.selectFrom('observatoryCrosswalk').selectAll().execute(),
    db.selectFrom('observatoryImports').select('id').where('isSynthetic', '=', true).limit(1).executeTakeFirst(),
  ]);
  const fapsOfRome = new Map<string, Map<string, string[]>>();
  const romesOfFap = new Map<string, string[]>();
  for (const c of crosswalk) {
    const byRome = fapsOfRome.get(c.fapVersion) ?? new Map<string, string[]>();
    fapsOfRome.set(c.fapVersion, byRome);
    byRome.set(c.romeCode, [...(byRome.get(c.romeCode) ?? []), c.fapCode]);
    const key = `${c.fapVersion}|${c.fapCode}`;
    romesOfFap.set(key, [...(romesOfFap.get(key) ?? []), c.romeCode]);
  }

  const cells = new Map<string, Cell>();
  const blank = (year: number, area: string, fap: string, fapVersion: string): Cell => ({
    year, area, fap, fapLabel: fap, fapVersion, projects: null, projectsMasked: false, difficult: null, difficultMasked: false, seasonal: null, seasonalMasked: false,
    offers: null, seekersA: null, seekersAbc: null, exitsAbc: null, employment: null,
  });
  const fapVersionOfYear = new Map<number, string>();
  for (const b of bmo) {
    fapVersionOfYear.set(b.year, b.fapVersion);
    cells.set(`${b.year}|${b.areaCode}|${b.fapCode}`, {
      ...blank(b.year, b.areaCode, b.fapCode, b.fapVersion), fapLabel: b.fapLabel,
      projects: b.projects, projectsMasked: !!b.projectsMasked, difficult: b.difficult, difficultMasked: !!b.difficultMasked, seasonal: b.seasonal, seasonalMasked: !!b.seasonalMasked,
    });
  }
  const labels = new Map(bmo.map((b) => [b.fapCode, b.fapLabel]));
  // A ROME job joins the families the BMO of that year surveys: the crosswalk also lists families
  // the survey does not publish, whose cells would hold job seekers without any hiring project.
  const surveyed = new Set(bmo.map((b) => `${b.year}|${b.fapCode}`));
  for (const m of market) {
    const version = fapVersionOfYear.get(m.year) ?? '2009';
    for (const fap of (fapsOfRome.get(version)?.get(m.romeCode) ?? []).filter((f) => surveyed.has(`${m.year}|${f}`))) {
      const key = `${m.year}|${m.areaCode}|${fap}`;
      const cell = cells.get(key) ?? { ...blank(m.year, m.areaCode, fap, version), fapLabel: labels.get(fap) ?? fap };
      cells.set(key, {
        ...cell, offers: add(cell.offers, m.offers), seekersA: add(cell.seekersA, m.seekersA), seekersAbc: add(cell.seekersAbc, m.seekersAbc),
        exitsAbc: add(cell.exitsAbc, m.exitsAbc), employment: add(cell.employment, m.employment),
      });
    }
  }
  const all = [...cells.values()];
  const years = [...new Set(all.map((c) => c.year))].sort((a, b) => a - b);
  const computed = computeTension(all, years);
  return { ...computed, years, fapsOfRome, romesOfFap, romesWithData: new Set(market.map((m) => m.romeCode)), isSynthetic: !!synthetic };
}

const inputs = (c: Cell) => ({
  offers: c.offers, seekersA: c.seekersA, projects: c.projects, difficult: c.difficult,
  exitRate: c.exitsAbc === null || !c.seekersAbc ? null : c.exitsAbc / c.seekersAbc,
});

/** Composite and 1–5 factors of every cell; factors rank the cells of the same year. */
export function computeTension(all: readonly Cell[], years: readonly number[]): { cells: TensionCell[]; reference: Observatory['reference'] } {
  const last = years[years.length - 1] ?? new Date().getUTCFullYear();
  const method = tensionMethodFor(last);
  let reference = all.filter((c) => c.year >= method.referenceYears.from && c.year <= method.referenceYears.to);
  const fallback = reference.length === 0;
  if (fallback) reference = [...all];
  const refs = standardisers(reference.map(inputs));
  const out: TensionCell[] = all.map((c) => ({
    ...c, difficultShareBp: difficultShareBp(c.projects, c.difficult), exitRate: inputs(c).exitRate,
    tension: tensionComposite(inputs(c), refs, tensionMethodFor(c.year)),
    factors: { hiringIntensity: null, lackOfLabour: null, nonDurable: null, geographicMismatch: null },
  }));
  for (const year of years) {
    const ofYear = out.filter((c) => c.year === year);
    const values = ofYear.map((c) => factorValues({ ...inputs(c), seasonal: c.seasonal, employment: c.employment }));
    for (const f of ['hiringIntensity', 'lackOfLabour', 'nonDurable'] as const) {
      quintiles(values.map((v) => v[f])).forEach((q, i) => { ofYear[i].factors[f] = q; });
    }
    // Geographic mismatch is a property of a job across areas: every area of the job shares it.
    const jobs = [...new Set(ofYear.map((c) => c.fap))];
    const mismatch = jobs.map((fap) => dissimilarity(ofYear.filter((c) => c.fap === fap).map((c) => ({ offers: c.offers, seekers: c.seekersA }))));
    const ranks = new Map(jobs.map((fap, i) => [fap, quintiles(mismatch)[i]]));
    for (const c of ofYear) c.factors.geographicMismatch = ranks.get(c.fap) ?? null;
  }
  return { cells: out, reference: fallback ? { from: Math.min(...years), to: Math.max(...years), fallback } : { ...method.referenceYears, fallback } };
}

export const COMPONENT_LABELS: Record<(typeof COMPONENTS)[number], string> = {
  offersPerSeeker: 'offres ÷ demandeurs d’emploi (catégorie A)',
  exitRate: 'taux de sortie des listes (catégories A, B, C)',
  difficultShare: 'part des projets de recrutement jugés difficiles (BMO)',
};

export const FACTOR_LABELS: Record<Factor, string> = {
  hiringIntensity: 'Intensité d’embauche',
  lackOfLabour: 'Manque de main-d’œuvre disponible',
  nonDurable: 'Emploi non durable',
  geographicMismatch: 'Décalage géographique',
};

/** The cell of a ROME job in an area and year: among the job families the crosswalk gives it, the one with the most hiring projects. */
export function cellOfRome(o: Observatory, area: string, year: number, rome: string): TensionCell | undefined {
  const version = o.cells.find((c) => c.year === year)?.fapVersion ?? '2009';
  const faps = o.fapsOfRome.get(version)?.get(rome) ?? [];
  const candidates = o.cells.filter((c) => c.year === year && c.area === area && faps.includes(c.fap));
  return candidates.sort((a, b) => (b.projects ?? -1) - (a.projects ?? -1) || a.fap.localeCompare(b.fap))[0];
}

export const latestYear = (o: Observatory) => o.years[o.years.length - 1] ?? null;
