import { describe, expect, it } from 'vitest';
import { ACTE_II_PARAMETERS } from '../../acteII/parameters.js';
import { NoParameterInForce } from '../../shared/validity.js';
import { checkProContract } from './check.js';
import { params2012, validContract } from './testFixtures.js';

describe('checkProContract', () => {
  it('finds nothing wrong with a valid contract, with a snapshot or the dated lists', () => {
    expect(checkProContract(validContract(), params2012)).toEqual([]);
    expect(checkProContract(validContract(), ACTE_II_PARAMETERS)).toEqual([]);
  });

  it('returns every breach at once with its field', () => {
    const issues = checkProContract(
      validContract({
        trainee: { ...validContract().trainee, birthDate: '1980-01-01' },
        endDate: '2013-09-30',
        trainingHours: 149,
        grossMonthlyPayCents: 50_000,
        tutor: { relatedExperienceMonths: 12, isEmployer: true, otherTrainees: [{ start: '2012-01-01', end: '2014-01-01' }, { start: '2012-01-01', end: '2014-01-01' }] },
        reservedForPair: true,
      }),
      ACTE_II_PARAMETERS,
    );
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['PRO_TRAINEE_NOT_ELIGIBLE', 'trainee.jobSeeker'],
      ['PRO_DURATION_EXTENSION_WITHOUT_REASON', 'extendedDurationReason'],
      ['PRO_TRAINING_BELOW_150_HOURS', 'trainingHours'],
      ['PRO_TRAINING_SHARE_TOO_LOW', 'trainingHours'],
      // SMIC 9,40 € then 9,43 € from January 2013: two floors.
      ['PRO_PAY_BELOW_FLOOR', 'grossMonthlyPayCents'],
      ['PRO_PAY_BELOW_FLOOR', 'grossMonthlyPayCents'],
      ['PRO_BRANCH_MINIMUM_MISSING', 'branchMinimumMonthlyCents'],
      ['PRO_TUTOR_EXPERIENCE_TOO_SHORT', 'tutor.relatedExperienceMonths'],
      ['PRO_TUTOR_CAPACITY_EXCEEDED', 'tutor.otherTrainees'],
      ['PRO_PAIR_JUNIOR_NOT_CDI', 'contractType'],
    ]);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(20);
  });

  it('judges a contract under the law of its start date (tutor on 4 vs 5 March 2014)', () => {
    const noTutor = (startDate: string, endDate: string) =>
      checkProContract(validContract({ startDate, endDate, tutor: null, grossMonthlyPayCents: 100_000 }), ACTE_II_PARAMETERS).map((i) => i.code);
    expect(noTutor('2014-03-04', '2015-03-03')).toEqual([]);
    expect(noTutor('2014-03-05', '2015-03-04')).toEqual(['PRO_TUTOR_MISSING']);
  });

  it('only stops on the end date when the dates are reversed', () => {
    expect(checkProContract(validContract({ endDate: '2012-01-01' }), params2012).map((i) => i.code)).toEqual(['PRO_END_BEFORE_START']);
  });

  it('throws NoParameterInForce when no law is known for the start date', () => {
    expect(() => checkProContract(validContract({ startDate: '2003-01-01', endDate: '2003-12-31' }), ACTE_II_PARAMETERS)).toThrow(
      NoParameterInForce,
    );
  });
});
