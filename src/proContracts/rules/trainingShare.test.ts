import { describe, expect, it } from 'vitest';
import { checkTrainingShare, trainingShare } from './trainingShare.js';
import { params2012, validContract } from './testFixtures.js';

const sixMonths = { startDate: '2012-09-01', endDate: '2013-02-28' }; // 910,02 h
const twelveMonths = { startDate: '2012-09-01', endDate: '2013-08-31' }; // 1 820,04 h
const codes = (hours: number, over = {}) =>
  checkTrainingShare(validContract({ ...twelveMonths, trainingHours: hours, ...over }), params2012).map((i) => i.code);

describe('C.Pro training share', () => {
  it('computes the share on 151,67 h per month', () => {
    expect(trainingShare(validContract({ ...twelveMonths, trainingHours: 455.01 }), params2012)).toEqual({
      lengthHundredths: 182_004,
      trainingHundredths: 45_501,
      shareBp: 2500,
    });
  });

  it('refuses 149 h and accepts 150 h where 15 % is less than 150 h', () => {
    const at149 = checkTrainingShare(validContract({ ...sixMonths, trainingHours: 149 }), params2012);
    expect(at149.map((i) => i.code)).toEqual(['PRO_TRAINING_BELOW_150_HOURS']);
    expect(at149[0].message).toContain('149\u00a0h');
    expect(at149[0].message).toContain('150 h');
    expect(checkTrainingShare(validContract({ ...sixMonths, trainingHours: 150 }), params2012)).toEqual([]);
  });

  it('accepts 24 % and exactly 25 %, refuses 26 % without a branch agreement', () => {
    expect(codes(436.81)).toEqual([]); // 24 %
    expect(codes(455.01)).toEqual([]); // 25 % exactly
    expect(codes(455.02)).toEqual(['PRO_TRAINING_SHARE_TOO_HIGH']);
    const at26 = checkTrainingShare(validContract({ ...twelveMonths, trainingHours: 473.21 }), params2012);
    expect(at26.map((i) => i.code)).toEqual(['PRO_TRAINING_SHARE_TOO_HIGH']);
    expect(at26[0].message).toContain('26\u00a0%');
    expect(at26[0].message).toContain('accord de branche');
    expect(codes(473.21, { branchAllowsTrainingAbove25: true })).toEqual([]);
  });

  it('applies 25 % to a 6-month contract too (227,50 h ok, 227,51 h refused)', () => {
    expect(checkTrainingShare(validContract({ ...sixMonths, trainingHours: 227.5 }), params2012)).toEqual([]);
    expect(checkTrainingShare(validContract({ ...sixMonths, trainingHours: 227.51 }), params2012).map((i) => i.code)).toEqual([
      'PRO_TRAINING_SHARE_TOO_HIGH',
    ]);
  });

  it('refuses less than 15 % even above 150 h', () => {
    expect(codes(273)).toEqual(['PRO_TRAINING_SHARE_TOO_LOW']); // 15 % = 273,006 h
    expect(codes(273.01)).toEqual([]);
    expect(codes(200)).toEqual(['PRO_TRAINING_SHARE_TOO_LOW']);
    expect(codes(100)).toEqual(['PRO_TRAINING_BELOW_150_HOURS', 'PRO_TRAINING_SHARE_TOO_LOW']);
  });

  it('refuses zero hours and training longer than the contract even with a branch agreement', () => {
    expect(codes(0)).toEqual(['PRO_TRAINING_HOURS_MISSING']);
    expect(codes(2000, { branchAllowsTrainingAbove25: true })).toEqual(['PRO_TRAINING_EXCEEDS_LENGTH']);
  });
});

describe('training share message', () => {
  it('shows how the length in hours is computed', () => {
    const [issue] = checkTrainingShare(validContract({ startDate: '2012-09-01', endDate: '2013-03-02', trainingHours: 100 }), params2012);
    expect(issue.message).toBe(
      '100\u00a0h de formation sur 920,02\u00a0h (6 mois × 151,67\u00a0h + 2 jours × 5\u00a0h), soit 10,87\u00a0% : la formation doit compter au moins 150 h.',
    );
  });
});
