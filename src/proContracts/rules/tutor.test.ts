import { describe, expect, it } from 'vitest';
import { resolveActeIIParameters } from '../../acteII/parameters.js';
import { checkTutor, tutorLoad } from './tutor.js';
import { params2012, validContract } from './testFixtures.js';
import type { Tutor } from './types.js';

const contract = { start: '2012-09-01', end: '2013-08-31' };
const tutor = (over: Partial<Tutor>): Tutor => ({ relatedExperienceMonths: 36, isEmployer: false, otherTrainees: [], ...over });
const codes = (t: Tutor | null, start = '2012-09-01', end = '2013-08-31') =>
  checkTutor(validContract({ tutor: t, startDate: start, endDate: end }), resolveActeIIParameters(start)).map((i) => i.code);

describe('tutorLoad', () => {
  it('counts trainees followed at the same time, not one after the other', () => {
    const sequential = [
      { start: '2012-01-01', end: '2012-12-31' },
      { start: '2013-01-01', end: '2013-12-31' },
    ];
    expect(tutorLoad(contract, sequential)).toMatchObject({ maxSimultaneous: 1 });
    expect(tutorLoad(contract, sequential).overlapping).toHaveLength(2);
    const together = [
      { start: '2012-01-01', end: '2012-12-31' },
      { start: '2012-06-01', end: '2013-05-31' },
      { start: '2012-11-15', end: '2013-02-28' },
    ];
    expect(tutorLoad(contract, together)).toMatchObject({ maxSimultaneous: 3, peakDay: '2012-11-15' });
  });
  it('treats both ends as included', () => {
    expect(tutorLoad(contract, [{ start: '2011-09-01', end: '2012-08-31' }]).maxSimultaneous).toBe(0);
    expect(tutorLoad(contract, [{ start: '2011-09-01', end: '2012-09-01' }]).maxSimultaneous).toBe(1);
    expect(tutorLoad(contract, [{ start: '2013-08-31', end: '2014-08-31' }]).maxSimultaneous).toBe(1);
    expect(tutorLoad(contract, [{ start: '2013-09-01', end: '2014-08-31' }]).maxSimultaneous).toBe(0);
    // One leaves on the 31st, the next one arrives on the 1st: never two at once.
    expect(
      tutorLoad(contract, [
        { start: '2012-01-01', end: '2012-10-31' },
        { start: '2012-11-01', end: '2013-10-31' },
      ]).maxSimultaneous,
    ).toBe(1);
  });
});

describe('checkTutor', () => {
  const three = [
    { start: '2012-01-01', end: '2013-06-30' },
    { start: '2012-03-01', end: '2013-02-28' },
    { start: '2012-09-01', end: '2013-08-31' },
  ];
  it('refuses a fourth trainee at once for an employee tutor, accepts a third', () => {
    expect(codes(tutor({ otherTrainees: three.slice(0, 2) }))).toEqual([]);
    const issues = checkTutor(validContract({ tutor: tutor({ otherTrainees: three }) }), params2012);
    expect(issues.map((i) => i.code)).toEqual(['PRO_TUTOR_CAPACITY_EXCEEDED']);
    expect(issues[0].field).toBe('tutor.otherTrainees');
    expect(issues[0].message).toContain('4 alternants');
    expect(issues[0].message).toContain('plus de 3');
  });
  it('refuses a third trainee when the tutor is the employer, accepts a second', () => {
    expect(codes(tutor({ isEmployer: true, otherTrainees: three.slice(0, 1) }))).toEqual([]);
    const issues = checkTutor(validContract({ tutor: tutor({ isEmployer: true, otherTrainees: three.slice(0, 2) }) }), params2012);
    expect(issues.map((i) => i.code)).toEqual(['PRO_TUTOR_CAPACITY_EXCEEDED']);
    expect(issues[0].message).toContain('3 alternants');
    expect(issues[0].message).toContain('plus de 2');
  });
  it('requires 2 years of related experience', () => {
    expect(codes(tutor({ relatedExperienceMonths: 24 }))).toEqual([]);
    expect(codes(tutor({ relatedExperienceMonths: 23 }))).toEqual(['PRO_TUTOR_EXPERIENCE_TOO_SHORT']);
  });
  it('makes the tutor mandatory for contracts starting on or after 5 March 2014', () => {
    expect(codes(null, '2014-03-04', '2015-03-03')).toEqual([]);
    const issues = checkTutor(validContract({ tutor: null, startDate: '2014-03-05', endDate: '2015-03-04' }), resolveActeIIParameters('2014-03-05'));
    expect(issues).toEqual([expect.objectContaining({ code: 'PRO_TUTOR_MISSING', field: 'tutor', severity: 'error' })]);
    expect(codes(tutor({}), '2014-03-05', '2015-03-04')).toEqual([]);
  });
});
