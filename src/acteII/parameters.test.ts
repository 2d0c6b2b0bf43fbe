import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/dates.js';
import { NoParameterInForce, overlappingVersions, type Dated } from '../shared/validity.js';
import {
  ACTE_II_PARAMETERS,
  isParameterLists,
  resolveActeIIParameters,
  smicFromHourly,
  smicOn,
  snapshotOn,
} from './parameters.js';

describe('Acte II parameter lists', () => {
  it('never have two versions in force on the same day', () => {
    for (const [name, list] of Object.entries(ACTE_II_PARAMETERS)) {
      expect(overlappingVersions(list as Dated<unknown>[]), name).toBeNull();
    }
  });

  it('have no gap from their first version on', () => {
    for (const [name, list] of Object.entries(ACTE_II_PARAMETERS)) {
      const sorted = [...(list as Dated<unknown>[])].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i].validFrom, `${name} after ${sorted[i - 1].validTo}`).toBe(addDays(sorted[i - 1].validTo!, 1));
      }
    }
  });

  it('keep the mandatory parameters open-ended', () => {
    for (const name of ['smic', 'pmssCents', 'oldAgeRates', 'proContract', 'proContractPayFloors', 'proContractFunding', 'tempPathways', 'pairs'] as const) {
      expect(ACTE_II_PARAMETERS[name].at(-1)!.validTo, name).toBeNull();
    }
  });
});

describe('SMIC', () => {
  const hourly = (day: string) => resolveActeIIParameters(day).smic.hourlyCents;
  it('has the published hourly amounts on their dates', () => {
    const expected: [string, number][] = [
      ['2009-07-01', 882], ['2010-01-01', 886], ['2011-01-01', 900], ['2011-12-01', 919], ['2012-01-01', 922],
      ['2012-07-01', 940], ['2013-01-01', 943], ['2014-01-01', 953], ['2015-01-01', 961], ['2016-01-01', 967],
      ['2017-01-01', 976], ['2018-01-01', 988], ['2019-01-01', 1003], ['2020-01-01', 1015], ['2021-01-01', 1025],
      ['2021-10-01', 1048], ['2022-05-01', 1085], ['2022-08-01', 1107], ['2023-01-01', 1127], ['2023-05-01', 1152],
      ['2024-01-01', 1165], ['2024-11-01', 1188], ['2025-06-01', 1188], ['2026-01-01', 1202],
    ];
    for (const [day, cents] of expected) expect(hourly(day), day).toBe(cents);
    expect(hourly('2011-11-30')).toBe(900);
    expect(hourly('2008-06-30')).toBe(863);
  });
  it('derives the published monthly amounts (× 151,67 h)', () => {
    expect(smicFromHourly(882).monthlyCents).toBe(133_770);
    expect(smicFromHourly(900).monthlyCents).toBe(136_500);
    expect(smicFromHourly(940).monthlyCents).toBe(142_567);
    expect(smicFromHourly(953).monthlyCents).toBe(144_538);
    expect(smicFromHourly(1165).monthlyCents).toBe(176_692);
    expect(smicFromHourly(1188).monthlyCents).toBe(180_180);
  });
});

describe('PMSS and old-age rates', () => {
  it('has the yearly ceilings of 2008–2014', () => {
    const years: [number, number][] = [[2008, 277_300], [2009, 285_900], [2010, 288_500], [2011, 294_600], [2012, 303_100], [2013, 308_600], [2014, 312_900]];
    for (const [year, cents] of years) {
      expect(resolveActeIIParameters(`${year}-01-01`).pmssCents).toBe(cents);
      expect(resolveActeIIParameters(`${year}-12-31`).pmssCents).toBe(cents);
    }
  });
  it('has the 2008 old-age rates of the worked example', () => {
    expect(resolveActeIIParameters('2008-01-01').oldAgeRates).toEqual({
      employerCappedBp: 830,
      employerUncappedBp: 160,
      employeeCappedBp: 665,
      employeeUncappedBp: 10,
    });
    expect(resolveActeIIParameters('2012-11-01').oldAgeRates.employeeCappedBp).toBe(675);
  });
});

describe('C.Pro parameters', () => {
  it('make the tutor mandatory from 5 March 2014', () => {
    expect(resolveActeIIParameters('2014-03-04').proContract.tutorMandatory).toBe(false);
    expect(resolveActeIIParameters('2014-03-05').proContract.tutorMandatory).toBe(true);
  });
  it('hold the floors, rates and limits of the law', () => {
    const p = resolveActeIIParameters('2012-01-01');
    expect(p.proContractPayFloors).toEqual({
      under21Bp: 5500, under21QualifiedBp: 6500, from21Bp: 7000, from21QualifiedBp: 8000, from26SmicBp: 10_000, from26BranchMinimumBp: 8500,
    });
    expect(p.proContractFunding).toMatchObject({ defaultHourlyCents: 915, priorityHourlyCents: 1500, tutoringAidMonthlyCents: 23_000, tutoringAidIncreasedMonthlyCents: 34_500, tutoringAidMaxMonths: 6, tutorTrainingHourlyCents: 1500, tutorTrainingMaxHours: 40 });
    expect(p.proContract).toMatchObject({ minMonths: 6, maxMonths: 12, extendedMaxMonths: 24, trainingMinShareBp: 1500, trainingMaxShareBp: 2500, trainingMinHours: 150, tutorMaxTrainees: 3, employerTutorMaxTrainees: 2, tutorMinExperienceMonths: 24 });
  });
});

describe('resolveActeIIParameters', () => {
  it('throws NoParameterInForce before the first known PMSS', () => {
    expect(() => resolveActeIIParameters('2007-12-31')).toThrow(NoParameterInForce);
    expect(() => resolveActeIIParameters('2007-12-31')).toThrow(/plafond mensuel/);
  });
  it('leaves the experiment-only parameters empty outside the experiment', () => {
    expect(resolveActeIIParameters('2009-12-31')).toMatchObject({ pairAid: null, acteIITargets: null });
    expect(resolveActeIIParameters('2010-01-01').acteIITargets).toEqual({ proContracts: 6000, proContractsReservedForPairs: 1000, tempPathways: 1000, pairs: 1000 });
    expect(resolveActeIIParameters('2015-01-01').pairAid).toBeNull();
  });
  it('resolves from custom lists', () => {
    const lists = { ...ACTE_II_PARAMETERS, pmssCents: [{ validFrom: '2000-01-01', validTo: null, value: 1 }] };
    expect(resolveActeIIParameters('2012-01-01', lists).pmssCents).toBe(1);
  });
  it('lets rules take a snapshot or the lists', () => {
    const snapshot = resolveActeIIParameters('2011-01-01');
    expect(isParameterLists(ACTE_II_PARAMETERS)).toBe(true);
    expect(isParameterLists(snapshot)).toBe(false);
    expect(snapshotOn(snapshot, '2020-01-01')).toBe(snapshot);
    expect(snapshotOn(ACTE_II_PARAMETERS, '2020-01-01').smic.hourlyCents).toBe(1015);
    expect(smicOn(snapshot, '2020-01-01').hourlyCents).toBe(900);
    expect(smicOn(ACTE_II_PARAMETERS, '2020-01-01').hourlyCents).toBe(1015);
  });
});
