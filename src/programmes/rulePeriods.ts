import type { IsoDate } from '../shared/dates.js';

/**
 * Two rules of the same measure, funder and headcount bracket in force on the same day
 * would make the rule applied to a request depend on row order: their periods must not
 * overlap. A rule without an end date runs indefinitely.
 */
export interface RulePeriod {
  id?: number;
  label: string;
  funder: string;
  maxHeadcount: number | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export function periodsOverlap(a: Pick<RulePeriod, 'validFrom' | 'validTo'>, b: Pick<RulePeriod, 'validFrom' | 'validTo'>): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}

/** The first other rule of the same funder and bracket whose period meets the candidate's. */
export function overlappingRule<T extends RulePeriod>(rules: readonly T[], candidate: RulePeriod): T | undefined {
  return rules.find((r) =>
    r.id !== candidate.id
    && r.funder === candidate.funder
    && r.maxHeadcount === candidate.maxHeadcount
    && periodsOverlap(r, candidate));
}

const frenchDate = (d: IsoDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

export function describePeriod(p: Pick<RulePeriod, 'validFrom' | 'validTo'>): string {
  return p.validTo === null ? `à partir du ${frenchDate(p.validFrom)}` : `du ${frenchDate(p.validFrom)} au ${frenchDate(p.validTo)}`;
}
