import { describe, expect, it } from 'vitest';
import { checkProEligibility, proEligibility } from './eligibility.js';
import { params2012 } from './testFixtures.js';
import type { Trainee } from './types.js';

const trainee = (over: Partial<Trainee>): Trainee => ({
  birthDate: '1990-01-01',
  level: 'V',
  hasRecognisedQualification: true,
  jobSeeker: false,
  publics: [],
  ...over,
});

describe('C.Pro eligibility', () => {
  it('opens at 16 and refuses a 15-year-old, saying the age', () => {
    expect(checkProEligibility(trainee({ birthDate: '1996-09-01' }), '2012-09-01', params2012)).toEqual([]);
    const issues = checkProEligibility(trainee({ birthDate: '1996-09-02' }), '2012-09-01', params2012);
    expect(issues.map((i) => i.code)).toEqual(['PRO_TRAINEE_TOO_YOUNG']);
    expect(issues[0].message).toContain('15 ans');
    expect(issues[0].field).toBe('trainee.birthDate');
  });

  it('accepts anybody the day before the 26th birthday, only job seekers and priority publics from it', () => {
    const t = trainee({ birthDate: '1986-09-10' });
    expect(proEligibility(t, '2012-09-09', params2012)).toMatchObject({ eligible: true, ageAtStart: 25, ground: 'age16To25' });
    const onBirthday = proEligibility(t, '2012-09-10', params2012);
    expect(onBirthday).toMatchObject({ eligible: false, ageAtStart: 26 });
    expect(onBirthday.issues[0]).toMatchObject({ code: 'PRO_TRAINEE_NOT_ELIGIBLE', field: 'trainee.jobSeeker', severity: 'error' });
    expect(onBirthday.issues[0].message).toContain('26 ans');
    expect(proEligibility(t, '2012-09-11', params2012).eligible).toBe(false);
    expect(proEligibility({ ...t, jobSeeker: true }, '2012-09-10', params2012)).toMatchObject({ eligible: true, ground: 'jobSeeker26Plus' });
  });

  it('opens to RSA, ASS, AAH and after-CUI publics at any age from 16', () => {
    for (const p of ['rsa', 'ass', 'aah', 'afterCui'] as const) {
      expect(proEligibility(trainee({ birthDate: '1960-01-01', publics: [p] }), '2012-09-01', params2012)).toMatchObject({
        eligible: true,
        ground: 'priorityPublic',
      });
    }
    expect(checkProEligibility(trainee({ birthDate: '1997-01-01', publics: ['rsa'] }), '2012-09-01', params2012)[0].code).toBe(
      'PRO_TRAINEE_TOO_YOUNG',
    );
  });
});
