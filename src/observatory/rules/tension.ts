import type { IsoDate } from '../../shared/dates.js';
import { valueOn, type Dated } from '../../shared/validity.js';

/**
 * The national tension indicator (DARES with France Travail, method of 2020): a weighted mean of
 * standardised components, each centred and reduced on its distribution over reference years.
 * Weights and reference years are dated parameters, read at the year of the figures.
 */
export interface TensionMethod {
  weights: { offersPerSeeker: number; exitRate: number; difficultShare: number };
  /** Years whose cells give each component its mean and standard deviation. */
  referenceYears: { from: number; to: number };
}

export const TENSION_METHODS: readonly Dated<TensionMethod>[] = [
  { validFrom: '2008-01-01', validTo: null, value: { weights: { offersPerSeeker: 0.3, exitRate: 0.2, difficultShare: 0.5 }, referenceYears: { from: 2014, to: 2018 } } },
];

export const tensionMethodFor = (year: number): TensionMethod => valueOn('méthode de l’indicateur de tension', TENSION_METHODS, `${year}-01-01` as IsoDate);

/** One employment area × job × year, as the data sets give it; null where unknown or masked. */
export interface TensionInputs {
  /** Job offers collected over the year. */
  offers: number | null;
  /** Category A job seekers (average of the year). */
  seekersA: number | null;
  /** Rate at which category A, B, C job seekers leave the lists, 0–1. */
  exitRate: number | null;
  /** BMO hiring projects and those judged difficult. */
  projects: number | null;
  difficult: number | null;
}

export const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

export function components(c: TensionInputs) {
  return { offersPerSeeker: ratio(c.offers, c.seekersA), exitRate: c.exitRate, difficultShare: ratio(c.difficult, c.projects) };
}
export type ComponentName = keyof TensionMethod['weights'];
export const COMPONENTS: readonly ComponentName[] = ['offersPerSeeker', 'exitRate', 'difficultShare'];

export interface Standardiser { mean: number; sd: number }

/** Mean and (population) standard deviation of the known values; null when fewer than two or all equal. */
export function standardiser(values: readonly (number | null)[]): Standardiser | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length < 2) return null;
  const mean = known.reduce((s, v) => s + v, 0) / known.length;
  const sd = Math.sqrt(known.reduce((s, v) => s + (v - mean) ** 2, 0) / known.length);
  return sd === 0 ? null : { mean, sd };
}

export type Standardisers = Record<ComponentName, Standardiser | null>;

export function standardisers(reference: readonly TensionInputs[]): Standardisers {
  const all = reference.map(components);
  return Object.fromEntries(COMPONENTS.map((k) => [k, standardiser(all.map((c) => c[k]))])) as Standardisers;
}

/**
 * The composite of one cell: Σ weight × (value − mean) ÷ sd over the components known, the
 * weights of the missing ones shared out among the others (as the national method does when a
 * component is secret). Null when no component is known. Above 0: more tension than the
 * reference average.
 */
export function tensionComposite(cell: TensionInputs, refs: Standardisers, method: TensionMethod): number | null {
  const values = components(cell);
  let sum = 0;
  let weights = 0;
  for (const k of COMPONENTS) {
    const v = values[k];
    const ref = refs[k];
    if (v === null || ref === null) continue;
    sum += method.weights[k] * ((v - ref.mean) / ref.sd);
    weights += method.weights[k];
  }
  return weights === 0 ? null : sum / weights;
}

/**
 * 1–5 by quintile of the cells given (5: the highest fifth). Equal values share a rank; unknown
 * values stay null. With fewer than five known values the scale is still spread over 1–5.
 */
export function quintiles(values: readonly (number | null)[]): (number | null)[] {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (known.length === 0) return values.map(() => null);
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    const below = known.filter((k) => k < v).length;
    return Math.min(5, 1 + Math.floor((below / known.length) * 5));
  });
}

/**
 * Geographic mismatch of one job (Duncan & Duncan dissimilarity): half the sum over areas of
 * |offers share − job-seekers share|; 0 when offers and job seekers sit in the same places, 1
 * when they never meet. Null without offers or job seekers.
 */
export function dissimilarity(areas: readonly { offers: number | null; seekers: number | null }[]): number | null {
  const offers = areas.reduce((s, a) => s + (a.offers ?? 0), 0);
  const seekers = areas.reduce((s, a) => s + (a.seekers ?? 0), 0);
  if (offers === 0 || seekers === 0) return null;
  return areas.reduce((s, a) => s + Math.abs((a.offers ?? 0) / offers - (a.seekers ?? 0) / seekers), 0) / 2;
}

/** Inputs of the complementary factors of one cell. */
export interface FactorInputs extends TensionInputs {
  seasonal: number | null;
  /** Average employment in the job and area. */
  employment: number | null;
}

/** Raw values behind the 1–5 factors (higher: more tension). */
export function factorValues(c: FactorInputs) {
  const hires = c.offers === null && c.projects === null ? null : (c.offers ?? 0) + (c.projects ?? 0);
  return {
    hiringIntensity: ratio(hires, c.employment),
    // Fewer available job seekers per job held: more tension, hence the minus sign.
    lackOfLabour: c.seekersA === null || !c.employment ? null : -(c.seekersA / c.employment),
    // The file gives seasonal projects only: non-durable employment is read as the seasonal share.
    nonDurable: ratio(c.seasonal, c.projects),
  };
}
