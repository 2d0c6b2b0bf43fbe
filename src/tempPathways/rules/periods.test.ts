import { describe, expect, it } from 'vitest';
import { resolveActeIIParameters } from '../../acteII/parameters.js';
import { checkExperimentWindow, distinctRomeCodes, isRomeCode, orderedPeriods, pathwayTotals, validatePeriods, versatility } from './periods.js';
import type { Period } from './types.js';

const training = (start: string, end: string, over: Partial<Period> = {}): Period => ({
  kind: 'training',
  start,
  end,
  hours: 70,
  costCents: 105_000,
  providerName: 'AFPA Besançon',
  ...over,
});
const mission = (start: string, end: string, romeCode: string | null, over: Partial<Period> = {}): Period => ({
  kind: 'mission',
  start,
  end,
  hours: 105,
  romeCode,
  userCompany: 'Peugeot Sochaux',
  ...over,
});
const params = resolveActeIIParameters('2011-01-01');

const pathway: Period[] = [
  training('2011-01-10', '2011-01-21', { romeCode: 'H2913', targetedQualification: 'CQP soudeur' }),
  mission('2011-01-24', '2011-02-25', 'H2913'),
  training('2011-02-28', '2011-03-04', { hours: 35.5 }),
  mission('2011-03-07', '2011-04-29', 'H3302'),
  mission('2011-05-02', '2011-05-31', 'N1103', { hours: 140.25 }),
];

describe('validatePeriods', () => {
  it('accepts a clean timeline', () => {
    expect(validatePeriods(pathway)).toEqual([]);
  });

  it('names the two overlapping periods with their dates', () => {
    const issues = validatePeriods([training('2011-01-10', '2011-01-21'), mission('2011-01-21', '2011-02-25', 'H2913')]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'TEMP_PERIODS_OVERLAP', field: 'periods.1.start', severity: 'error' });
    expect(issues[0].message).toBe(
      'La période n° 2 (mission du 21/01/2011 au 25/02/2011) chevauche la période n° 1 (formation du 10/01/2011 au 21/01/2011).',
    );
  });

  it('finds every overlapping pair, also a period inside another', () => {
    const issues = validatePeriods([
      mission('2011-01-01', '2011-06-30', 'H2913'),
      training('2011-02-01', '2011-02-10'),
      training('2011-03-01', '2011-03-10'),
    ]);
    expect(issues.filter((i) => i.code === 'TEMP_PERIODS_OVERLAP').map((i) => i.field)).toEqual(['periods.1.start', 'periods.2.start']);
  });

  it('checks dates, hours, ROME codes and costs', () => {
    const issues = validatePeriods([
      training('2011-01-10', '2011-01-09'),
      mission('2011-02-01', '2011-02-28', 'Z1234'),
      mission('2011-03-01', '2011-03-31', null),
      training('2011-04-01', '2011-04-02', { hours: 0, costCents: -1 }),
      training('2011-05-01', '2011-05-01', { hours: 25 }),
      training('2011-06-01', '2011-06-01', { romeCode: 'h2913', hours: 7 }),
    ]);
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['TEMP_PERIOD_END_BEFORE_START', 'periods.0.end'],
      ['TEMP_ROME_CODE_INVALID', 'periods.1.romeCode'],
      ['TEMP_MISSION_ROME_MISSING', 'periods.2.romeCode'],
      ['TEMP_PERIOD_HOURS_NOT_POSITIVE', 'periods.3.hours'],
      ['TEMP_PERIOD_COST_NEGATIVE', 'periods.3.costCents'],
      ['TEMP_PERIOD_HOURS_IMPOSSIBLE', 'periods.4.hours'],
      ['TEMP_ROME_CODE_INVALID', 'periods.5.romeCode'],
    ]);
    expect(issues[1].message).toContain('« Z1234 »');
  });

  it('requires at least one period, warns about missing names and disorder', () => {
    expect(validatePeriods([]).map((i) => i.code)).toEqual(['TEMP_NO_PERIOD']);
    const issues = validatePeriods([
      mission('2011-03-01', '2011-03-31', 'H2913', { userCompany: ' ' }),
      training('2011-01-01', '2011-01-10', { providerName: null }),
    ]);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ['TEMP_MISSION_USER_COMPANY_MISSING', 'warning'],
      ['TEMP_TRAINING_PROVIDER_MISSING', 'warning'],
      ['TEMP_PERIODS_NOT_IN_ORDER', 'warning'],
    ]);
    expect(orderedPeriods([pathway[1], pathway[0]]).map((p) => p.index)).toEqual([1, 0]);
  });

  it('knows the ROME format', () => {
    expect(['A1101', 'N4403', 'H2913'].every(isRomeCode)).toBe(true);
    expect(['O1101', 'H291', 'H29133', 'h2913', '', null].some((c) => isRomeCode(c))).toBe(false);
  });
});

describe('versatility and totals', () => {
  it('counts distinct ROME jobs over missions and targeted training', () => {
    expect(distinctRomeCodes(pathway)).toEqual(['H2913', 'H3302', 'N1103']);
    expect(versatility(pathway)).toBe(3);
    expect(versatility([training('2011-01-01', '2011-01-02')])).toBe(0);
    expect(versatility([training('2011-01-01', '2011-01-02', { romeCode: 'K1101' }), mission('2011-02-01', '2011-02-02', 'K1101')])).toBe(1);
  });

  it('sums hours exactly and costs in cents', () => {
    expect(pathwayTotals(pathway)).toEqual({
      trainingHours: 105.5,
      missionHours: 350.25,
      totalHours: 455.75,
      trainingCount: 2,
      missionCount: 3,
      costCents: 210_000,
      trainingCostCents: 210_000,
    });
    expect(pathwayTotals([training('2011-01-01', '2011-01-02', { hours: 0.1 }), training('2011-01-03', '2011-01-04', { hours: 0.2 })]).trainingHours).toBe(0.3);
  });
});

describe('experiment window', () => {
  it('accepts periods from 1 Jan 2010 to 31 Dec 2014', () => {
    expect(checkExperimentWindow('2010-01-01', [training('2010-01-01', '2010-01-10'), mission('2014-12-01', '2014-12-31', 'H2913')], params)).toEqual([]);
  });
  it('refuses an entry or a period starting outside, warns about one running past the end', () => {
    const issues = checkExperimentWindow('2009-12-31', [training('2009-12-31', '2010-01-10'), mission('2014-12-15', '2015-01-15', 'H2913'), mission('2015-01-16', '2015-01-31', 'H2913')], params);
    expect(issues.map((i) => [i.code, i.field, i.severity])).toEqual([
      ['TEMP_ENTRY_OUTSIDE_EXPERIMENT', 'entryDate', 'error'],
      ['TEMP_PERIOD_OUTSIDE_EXPERIMENT', 'periods.0.start', 'error'],
      ['TEMP_PERIOD_BEYOND_EXPERIMENT', 'periods.1.end', 'warning'],
      ['TEMP_PERIOD_OUTSIDE_EXPERIMENT', 'periods.2.start', 'error'],
    ]);
    expect(issues[0].message).toContain('du 01/01/2010 au 31/12/2014');
  });
  it('takes the window from the parameters', () => {
    const custom = { tempPathways: { ...params.tempPathways, experimentEnd: '2016-12-31' } };
    expect(checkExperimentWindow('2015-06-01', [training('2015-06-01', '2015-06-10')], custom)).toEqual([]);
  });
  it('refuses a period before the entry', () => {
    expect(checkExperimentWindow('2011-02-01', [training('2011-01-10', '2011-01-21')], params).map((i) => i.code)).toEqual(['TEMP_PERIOD_BEFORE_ENTRY']);
  });
});
