import { describe, expect, it } from 'vitest';
import {
  CERTIFICATION_RESULTS,
  CERTIFICATION_RESULT_LABELS,
  END_REASONS,
  END_REASON_LABELS,
  EXIT_SITUATIONS,
  EXIT_SITUATION_LABELS,
  followUpDue,
  followUpWindow,
} from './outcome.js';

describe('outcome vocabulary', () => {
  it('labels every value in French', () => {
    for (const [values, labels] of [
      [END_REASONS, END_REASON_LABELS],
      [CERTIFICATION_RESULTS, CERTIFICATION_RESULT_LABELS],
      [EXIT_SITUATIONS, EXIT_SITUATION_LABELS],
    ] as const) {
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
    }
    expect(EXIT_SITUATIONS).toHaveLength(7);
    expect(END_REASON_LABELS.mutualAgreement).toBe('Rupture d’un commun accord');
  });
});

describe('followUpDue', () => {
  const contract = { endDate: '2013-06-15' };
  it('is due from 6 months after the end and late after 7 months', () => {
    expect(followUpWindow(contract)).toEqual({ exitDate: '2013-06-15', dueFrom: '2013-12-15', lateAfter: '2014-01-15' });
    expect(followUpDue(contract, '2013-12-14')).toBe('not_due');
    expect(followUpDue(contract, '2013-12-15')).toBe('due');
    expect(followUpDue(contract, '2014-01-15')).toBe('due');
    expect(followUpDue(contract, '2014-01-16')).toBe('late');
  });
  it('counts from the actual end of a broken contract', () => {
    expect(followUpDue({ ...contract, actualEndDate: '2013-01-10' }, '2013-07-10')).toBe('due');
  });
  it('has nothing to ask once the answer is recorded', () => {
    expect(followUpDue({ ...contract, situationAfter6Months: 'cdd' }, '2015-01-01')).toBe('not_due');
  });
  it('clamps to the end of shorter months', () => {
    expect(followUpWindow({ endDate: '2013-08-31' })).toMatchObject({ dueFrom: '2014-02-28', lateAfter: '2014-03-31' });
  });
});
