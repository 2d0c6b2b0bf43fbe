import { describe, expect, it } from 'vitest';
import { resolveActeIIParameters } from '../../acteII/parameters.js';
import { oldAgeContributions, pairMonth } from './contributions.js';

const p2008 = resolveActeIIParameters('2008-06-01'); // PMSS 2 773 €, 8,30 + 1,60 / 6,65 + 0,10 %

describe('pairMonth — worked example of DOMAIN.md (2008)', () => {
  const m = pairMonth(200_000, 5000, 8000, p2008);
  it('pays 1 600 € and contributes on the 2 000 € full-time base', () => {
    expect(m.paidSalaryCents).toBe(160_000);
    expect(m.baseCents).toBe(200_000);
  });
  it('gives 198,00 € of employer old-age contributions against 158,40 € on the paid salary', () => {
    expect(m.onBase.employer).toEqual({ cappedCents: 16_600, uncappedCents: 3200, totalCents: 19_800 });
    expect(m.onPaidSalary.employer.totalCents).toBe(15_840);
    expect(m.supplement.employerCents).toBe(3960);
  });
  it('gives 135,00 € of employee contributions, of which 27,00 € on the 400 € supplement', () => {
    expect(m.onBase.employee).toEqual({ cappedCents: 13_300, uncappedCents: 200, totalCents: 13_500 });
    expect(m.supplement).toEqual({ baseCents: 40_000, employerCents: 3960, employeeCents: 2700 });
  });
  it('compares with an ordinary 50 % part-time paid 50 %', () => {
    expect(m.ordinaryPartTime.paidSalaryCents).toBe(100_000);
    expect(m.ordinaryPartTime.contributions.employer.totalCents).toBe(9900);
    expect(m.ordinaryPartTime.contributions.employee.totalCents).toBe(6750);
    expect(m.extraCost).toEqual({
      salaryCents: 60_000,
      employerContributionsCents: 9900,
      totalCents: 69_900,
      totalWithEmployeeSupplementCents: 72_600,
    });
  });
  it('uses 50 % activity and 80 % pay by default', () => {
    expect(pairMonth(200_000, undefined, undefined, p2008)).toEqual(m);
  });
});

describe('pairMonth on the PMSS ceiling', () => {
  // Full time 4 000 € > PMSS 2 773 €: the capped part stops at the full PMSS, not at a prorated one.
  const m = pairMonth(400_000, 5000, 8000, p2008);
  it('caps on the whole PMSS and charges the uncapped rate on the whole base', () => {
    expect(m.paidSalaryCents).toBe(320_000);
    expect(m.onBase.employer).toEqual({ cappedCents: 23_016, uncappedCents: 6400, totalCents: 29_416 });
    expect(m.onBase.employee).toEqual({ cappedCents: 18_440, uncappedCents: 400, totalCents: 18_840 });
  });
  it('leaves only the uncapped part on the supplement when the paid salary is already above the ceiling', () => {
    expect(m.onPaidSalary.employer.cappedCents).toBe(23_016);
    expect(m.supplement).toEqual({ baseCents: 80_000, employerCents: 1280, employeeCents: 80 });
  });
  it('prorates the ceiling of an ordinary part-time (1 386,50 €)', () => {
    expect(m.ordinaryPartTime.contributions.ceilingCents).toBe(138_650);
    expect(m.ordinaryPartTime.contributions.employer).toEqual({ cappedCents: 11_508, uncappedCents: 3200, totalCents: 14_708 });
  });
  it('switches at the ceiling exactly', () => {
    const at = pairMonth(277_300, 5000, 8000, p2008);
    expect(at.onBase.employer.cappedCents).toBe(23_016);
    const above = pairMonth(277_301, 5000, 8000, p2008);
    expect(above.onBase.employer.cappedCents).toBe(23_016);
    expect(above.onBase.employer.uncappedCents).toBe(4437);
  });
});

describe('pairMonth under later rates', () => {
  it('uses the rates and ceiling it is given', () => {
    const p2014 = resolveActeIIParameters('2014-06-01');
    const m = pairMonth(200_000, 5000, 8000, p2014);
    expect(m.onBase.employer.totalCents).toBe(16_900 + 3500); // 8,45 % + 1,75 %
    expect(m.onBase.employee.totalCents).toBe(13_600 + 500); // 6,80 % + 0,25 %
  });
  it('refuses impossible rates', () => {
    expect(() => pairMonth(200_000, 0, 8000, p2008)).toThrow(RangeError);
    expect(() => pairMonth(200_000, 5000, 10_001, p2008)).toThrow(RangeError);
    expect(() => pairMonth(-1, 5000, 8000, p2008)).toThrow(RangeError);
  });
  it('computes contributions for any base', () => {
    expect(oldAgeContributions(0, 277_300, p2008.oldAgeRates).employer.totalCents).toBe(0);
  });
});
