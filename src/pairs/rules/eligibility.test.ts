import { describe, expect, it } from 'vitest';
import { resolveActeIIParameters } from '../../acteII/parameters.js';
import { checkJunior, checkPairTerms, checkSeniorEligibility } from './eligibility.js';
import { checkPair } from './check.js';
import type { PairInput } from './types.js';

const params = resolveActeIIParameters('2011-10-01');
const pair: PairInput = {
  senior: { personId: 's1', companyId: 'c1', expectedRetirementDate: '2013-10-01' },
  junior: { personId: 'j1', companyId: 'c1', contractType: 'CDI', reservedForPair: true },
  startDate: '2011-10-01',
  endDate: '2013-09-30',
  fullTimeSalaryCents: 200_000,
  writtenAgreement: true,
};

describe('senior eligibility', () => {
  it('accepts a retirement up to the same day two years after the start', () => {
    expect(checkSeniorEligibility(pair.senior, '2011-10-01', params)).toEqual([]);
    expect(checkSeniorEligibility({ ...pair.senior, expectedRetirementDate: '2011-10-02' }, '2011-10-01', params)).toEqual([]);
  });
  it('refuses a retirement more than two years away, with the dates', () => {
    const issues = checkSeniorEligibility({ ...pair.senior, expectedRetirementDate: '2013-10-02' }, '2011-10-01', params);
    expect(issues).toEqual([expect.objectContaining({ code: 'PAIR_SENIOR_TOO_FAR_FROM_RETIREMENT', field: 'senior.expectedRetirementDate' })]);
    expect(issues[0].message).toContain('02/10/2013');
    expect(issues[0].message).toContain('01/10/2011');
    expect(issues[0].message).toContain('au plus tard le 01/10/2013');
  });
  it('refuses a senior whose retirement is not after the start', () => {
    expect(checkSeniorEligibility({ ...pair.senior, expectedRetirementDate: '2011-10-01' }, '2011-10-01', params)[0].code).toBe(
      'PAIR_SENIOR_ALREADY_RETIRED',
    );
  });
});

describe('junior and pair terms', () => {
  it('requires a C.Pro in CDI counted in the reserved part', () => {
    expect(checkJunior(pair.junior)).toEqual([]);
    expect(checkJunior({ ...pair.junior, contractType: 'CDD', reservedForPair: false }).map((i) => i.code)).toEqual([
      'PAIR_JUNIOR_NOT_CDI',
      'PAIR_JUNIOR_NOT_RESERVED',
    ]);
  });
  it('requires the same company, part time, pay between activity and full time, a written agreement', () => {
    expect(checkPairTerms(pair, params)).toEqual([]);
    const issues = checkPairTerms(
      { ...pair, junior: { ...pair.junior, companyId: 'c2' }, activityBp: 10_000, payBp: 9000, writtenAgreement: false },
      params,
    );
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['PAIR_DIFFERENT_COMPANIES', 'junior.companyId'],
      ['PAIR_ACTIVITY_NOT_PART_TIME', 'activityBp'],
      ['PAIR_PAY_BELOW_ACTIVITY', 'payBp'],
      ['PAIR_WRITTEN_AGREEMENT_MISSING', 'writtenAgreement'],
    ]);
    expect(checkPairTerms({ ...pair, payBp: 12_000 }, params).map((i) => i.code)).toEqual(['PAIR_PAY_ABOVE_FULL_TIME']);
  });
  it('checks the dates of the pair against retirement', () => {
    expect(checkPairTerms({ ...pair, endDate: '2011-09-30' }, params).map((i) => i.code)).toEqual(['PAIR_END_BEFORE_START']);
    expect(checkPairTerms({ ...pair, endDate: '2013-10-01' }, params).map((i) => [i.code, i.severity])).toEqual([
      ['PAIR_ENDS_AFTER_RETIREMENT', 'warning'],
    ]);
  });
  it('aggregates everything in checkPair', () => {
    expect(checkPair(pair, params)).toEqual([]);
    expect(checkPair({ ...pair, senior: { ...pair.senior, expectedRetirementDate: '2016-01-01' }, junior: { ...pair.junior, reservedForPair: false } }, params).map((i) => i.code)).toEqual([
      'PAIR_SENIOR_TOO_FAR_FROM_RETIREMENT',
      'PAIR_JUNIOR_NOT_RESERVED',
    ]);
  });
});
