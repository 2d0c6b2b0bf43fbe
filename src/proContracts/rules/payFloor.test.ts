import { describe, expect, it } from 'vitest';
import { ACTE_II_PARAMETERS, resolveActeIIParameters } from '../../acteII/parameters.js';
import { ageBandFor, ageForPayOn, checkPay, isQualifiedForUplift, payFloorSchedule } from './payFloor.js';
import { params2012, validContract } from './testFixtures.js';

// SMIC 9,40 €/h from 1 July 2012 → 1 425,67 € a month.
const SMIC_2012_07 = 142_567;

describe('age taken for the pay band', () => {
  it('changes on the 1st day of the month after the 21st birthday, not on the day before or after it', () => {
    const birth = '1991-03-15';
    expect(ageForPayOn(birth, '2012-03-14')).toBe(20);
    expect(ageForPayOn(birth, '2012-03-15')).toBe(20);
    expect(ageForPayOn(birth, '2012-03-16')).toBe(20);
    expect(ageForPayOn(birth, '2012-03-31')).toBe(20);
    expect(ageForPayOn(birth, '2012-04-01')).toBe(21);
  });
  it('waits for the next month even when the birthday is on the 1st', () => {
    expect(ageForPayOn('1991-04-01', '2012-04-01')).toBe(20);
    expect(ageForPayOn('1991-04-01', '2012-05-01')).toBe(21);
  });
  it('sorts ages into bands', () => {
    expect([20, 21, 25, 26].map(ageBandFor)).toEqual(['under21', 'from21To25', 'from21To25', 'from26']);
    expect(isQualifiedForUplift('V')).toBe(false);
    expect(isQualifiedForUplift('IV')).toBe(true);
    expect(isQualifiedForUplift('I')).toBe(true);
  });
});

describe('payFloorSchedule', () => {
  it('gives one row per calendar month, partial months included', () => {
    const rows = payFloorSchedule('1994-05-05', 'V', '2012-09-15', '2013-03-14', params2012);
    expect(rows.map((r) => r.month)).toEqual(['2012-09', '2012-10', '2012-11', '2012-12', '2013-01', '2013-02', '2013-03']);
    expect(rows[0]).toMatchObject({ from: '2012-09-15', to: '2012-09-30' });
    expect(rows[6]).toMatchObject({ from: '2013-03-01', to: '2013-03-14' });
  });

  it('moves from 55 % to 70 % the month after the 21st birthday (level V)', () => {
    // Born 15 Oct 1991: 21 on 15 Oct 2012, 70 % from 1 Nov 2012.
    const rows = payFloorSchedule('1991-10-15', 'V', '2012-09-01', '2013-08-31', params2012);
    expect(rows[0]).toMatchObject({ month: '2012-09', ageBand: 'under21', smicShareBp: 5500, floorCents: 78_412 });
    expect(rows[1]).toMatchObject({ month: '2012-10', ageBand: 'under21', smicShareBp: 5500 });
    expect(rows[2]).toMatchObject({ month: '2012-11', ageBand: 'from21To25', smicShareBp: 7000, floorCents: 99_797 });
  });

  it('applies the level IV uplift: 65 % then 80 %', () => {
    const rows = payFloorSchedule('1991-10-15', 'IV', '2012-09-01', '2013-08-31', params2012);
    expect(rows[0]).toMatchObject({ smicShareBp: 6500, floorCents: 92_669, qualified: true });
    expect(rows[2]).toMatchObject({ smicShareBp: 8000, floorCents: 114_054 });
  });

  it('moves to 100 % of SMIC and 85 % of the branch minimum the month after the 26th birthday', () => {
    // Born 20 Nov 1986: 26 on 20 Nov 2012, band 26+ from 1 Dec 2012.
    const rows = payFloorSchedule('1986-11-20', 'V', '2012-09-01', '2013-08-31', params2012, 180_000);
    expect(rows[2]).toMatchObject({ month: '2012-11', ageBand: 'from21To25', floorFromBranchCents: null, floorCents: 99_797 });
    expect(rows[3]).toMatchObject({
      month: '2012-12',
      ageBand: 'from26',
      smicShareBp: 10_000,
      floorFromSmicCents: SMIC_2012_07,
      floorFromBranchCents: 153_000,
      floorCents: 153_000,
    });
    const lowBranch = payFloorSchedule('1986-11-20', 'V', '2012-09-01', '2013-08-31', params2012, 150_000);
    expect(lowBranch[3].floorCents).toBe(SMIC_2012_07); // 85 % of 1 500 € = 1 275 € < SMIC
  });

  it('follows SMIC revaluations during the contract when given the dated lists', () => {
    const rows = payFloorSchedule('1993-05-05', 'V', '2011-09-01', '2012-08-31', ACTE_II_PARAMETERS);
    const floors = Object.fromEntries(rows.map((r) => [r.month, r.floorCents]));
    expect(floors['2011-11']).toBe(75_075); // 55 % × 1 365,00
    expect(floors['2011-12']).toBe(76_660); // 55 % × 1 393,82
    expect(floors['2012-01']).toBe(76_910); // 55 % × 1 398,37
    expect(floors['2012-07']).toBe(78_412); // 55 % × 1 425,67
    // A snapshot carries only the SMIC of its own date.
    const fixed = payFloorSchedule('1993-05-05', 'V', '2011-09-01', '2012-08-31', resolveActeIIParameters('2011-09-01'));
    expect(new Set(fixed.map((r) => r.floorCents))).toEqual(new Set([75_075]));
  });
});

describe('checkPay', () => {
  it('accepts pay at the floor and refuses one cent less, saying the numbers', () => {
    const contract = validContract({ grossMonthlyPayCents: 78_412 });
    expect(checkPay(contract, params2012)).toEqual([]);
    const issues = checkPay({ ...contract, grossMonthlyPayCents: 78_411 }, params2012);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'PRO_PAY_BELOW_FLOOR', field: 'grossMonthlyPayCents', severity: 'error' });
    expect(issues[0].message).toContain('De 09/2012 à 08/2013');
    expect(issues[0].message).toContain('55\u00a0%');
    expect(issues[0].message).toContain('784,12\u00a0€');
    expect(issues[0].message).toContain('0,01\u00a0€');
  });

  it('reports only the months after the band change', () => {
    const contract = validContract({ trainee: { ...validContract().trainee, birthDate: '1991-10-15' }, grossMonthlyPayCents: 90_000 });
    const issues = checkPay(contract, params2012);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toContain('De 11/2012 à 08/2013');
    expect(issues[0].message).toContain('21 à 25 ans');
  });

  it('reports each SMIC revaluation separately when the lists are given', () => {
    const contract = validContract({
      trainee: { ...validContract().trainee, birthDate: '1993-05-05' },
      startDate: '2011-09-01',
      endDate: '2012-08-31',
      grossMonthlyPayCents: 75_075,
    });
    const issues = checkPay(contract, ACTE_II_PARAMETERS);
    expect(issues.map((i) => i.message.slice(0, 22))).toEqual(['En 12/2011 (moins de 2', 'De 01/2012 à 06/2012 (', 'De 07/2012 à 08/2012 (']);
  });

  it('asks for the branch minimum once the trainee is 26+', () => {
    const trainee = { ...validContract().trainee, birthDate: '1980-01-01', jobSeeker: true };
    const issues = checkPay(validContract({ trainee, grossMonthlyPayCents: 150_000 }), params2012);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['PRO_BRANCH_MINIMUM_MISSING', 'warning']]);
    const below = checkPay(validContract({ trainee, grossMonthlyPayCents: 150_000, branchMinimumMonthlyCents: 180_000 }), params2012);
    expect(below[0].code).toBe('PRO_PAY_BELOW_FLOOR');
    expect(below[0].message).toContain('85\u00a0% du minimum de branche');
    expect(below[0].message).toContain('1\u00a0530,00\u00a0€');
  });
});
