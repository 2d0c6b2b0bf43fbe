import { describe, expect, it } from 'vitest';
import { ACTE_II_PARAMETERS, resolveActeIIParameters, type ActeIIParameters } from '../../acteII/parameters.js';
import { aidFor, pairSchedule } from './schedule.js';
import { pairInputSchema } from './schema.js';
import type { PairInput } from './types.js';

const pair: PairInput = {
  senior: { personId: 's1', companyId: 'c1', expectedRetirementDate: '2012-07-01' },
  junior: { personId: 'j1', companyId: 'c1', contractType: 'CDI', reservedForPair: true },
  startDate: '2011-11-01',
  endDate: '2012-02-29',
  fullTimeSalaryCents: 200_000,
  writtenAgreement: true,
};

describe('pairSchedule', () => {
  it('computes each month under its own parameters and totals them', () => {
    const s = pairSchedule(pair, ACTE_II_PARAMETERS);
    expect(s.rows.map((r) => [r.month, r.ceilingCents])).toEqual([
      ['2011-11', 294_600],
      ['2011-12', 294_600],
      ['2012-01', 303_100],
      ['2012-02', 303_100],
    ]);
    // Below the ceiling the 2011 rates give the worked example's figures every month.
    expect(s.rows.every((r) => r.computation.onBase.employer.totalCents === 19_800)).toBe(true);
    expect(s.totals).toMatchObject({
      paidSalaryCents: 640_000,
      baseCents: 800_000,
      employerContributionsCents: 79_200,
      employeeContributionsCents: 54_000,
      supplementEmployeeCents: 10_800,
      supplementEmployerCents: 15_840,
      extraCostCents: 279_600,
      aidTotalCents: 0, // aid amounts are still TO CONFIRM (zero)
    });
  });

  it('follows the rate change of 1 November 2012', () => {
    const s = pairSchedule({ ...pair, startDate: '2012-10-01', endDate: '2012-11-30' }, ACTE_II_PARAMETERS);
    expect(s.rows.map((r) => r.computation.onBase.employee.totalCents)).toEqual([13_500, 13_700]);
  });

  it('prorates an incomplete month by calendar days, the ceiling by days / 30', () => {
    const s = pairSchedule({ ...pair, startDate: '2011-11-16', endDate: '2011-12-31', fullTimeSalaryCents: 400_000 }, ACTE_II_PARAMETERS);
    const first = s.rows[0];
    expect(first).toMatchObject({ from: '2011-11-16', to: '2011-11-30', days: 15, daysInMonth: 30, fullTimeSalaryCents: 200_000, ceilingCents: 147_300 });
    expect(first.computation.onBase.employer.cappedCents).toBe(12_226); // 8,30 % × 1 473,00
    expect(s.rows[1]).toMatchObject({ days: 31, fullTimeSalaryCents: 400_000, ceilingCents: 294_600 });
  });

  it('computes the aid from the parameters: flat monthly amount or share of the extra cost', () => {
    const base = resolveActeIIParameters('2011-11-01');
    const withAid: ActeIIParameters = {
      ...base,
      pairAid: { region: { kind: 'shareOfExtraCost', shareBp: 5000 }, fpspp: { kind: 'monthlyFlat', monthlyCents: 20_000 } },
    };
    const s = pairSchedule({ ...pair, employerPaysEmployeeSupplement: true }, withAid);
    expect(s.rows[0].extraCostCents).toBe(72_600);
    expect(s.rows[0].aid).toEqual({ regionCents: 36_300, fpsppCents: 20_000, totalCents: 56_300 });
    expect(s.totals).toMatchObject({ aidRegionCents: 145_200, aidFpsppCents: 80_000, aidTotalCents: 225_200 });
    expect(aidFor({ kind: 'monthlyFlat', monthlyCents: 30_000 }, 0, 15, 30)).toBe(15_000);
    expect(aidFor(undefined, 100, 30, 30)).toBe(0);
  });

  it('gives no aid outside the experiment', () => {
    const s = pairSchedule({ ...pair, startDate: '2015-01-01', endDate: '2015-01-31', senior: { ...pair.senior, expectedRetirementDate: '2016-01-01' } }, ACTE_II_PARAMETERS);
    expect(s.rows[0].aid.totalCents).toBe(0);
  });
});

describe('pairInputSchema', () => {
  it('accepts a pair and refuses bad rates, dates and the same person twice', () => {
    expect(pairInputSchema.safeParse(pair).success).toBe(true);
    const r = pairInputSchema.safeParse({ ...pair, payBp: 12_000, endDate: '2011-01-01', junior: { ...pair.junior, personId: 's1' } });
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath.payBp).toMatch(/100 %/);
    expect(byPath.endDate).toMatch(/précède/);
    expect(byPath['junior.personId']).toMatch(/deux personnes/);
  });
});
