import { describe, expect, it } from 'vitest';
import { ACTE_II_PARAMETERS } from '../../acteII/parameters.js';
import { proContractFunding } from './funding.js';
import { params2012, validContract } from './testFixtures.js';

describe('proContractFunding', () => {
  it('funds 9,15 € an hour by default and 230 € a month of tutoring for 6 months', () => {
    const f = proContractFunding(validContract({ tutor: { ...validContract().tutor!, birthDate: '1970-01-01', trainingHours: 20 } }), params2012);
    expect(f).toMatchObject({
      hourlyRateCents: 915,
      hourlyRateBasis: 'default',
      priorityPublic: false,
      trainingFundingCents: 366_000, // 400 h × 9,15 €
      tutoringAidMonthlyCents: 23_000,
      tutoringAidMonths: 6,
      tutoringAidCents: 138_000,
      tutorTrainingHoursFunded: 20,
      tutorTrainingCents: 30_000,
      totalCents: 534_000,
    });
  });

  it('uses the branch rate when given', () => {
    expect(proContractFunding(validContract({ branchHourlyRateCents: 1200 }), params2012)).toMatchObject({
      hourlyRateCents: 1200,
      hourlyRateBasis: 'branch',
      trainingFundingCents: 480_000,
    });
  });

  it('funds 15 € an hour and 345 € of tutoring for an unqualified 16–25 year-old', () => {
    const trainee = { ...validContract().trainee, level: 'VI' as const, hasRecognisedQualification: false };
    expect(proContractFunding(validContract({ trainee }), params2012)).toMatchObject({
      hourlyRateCents: 1500,
      hourlyRateBasis: 'priority',
      priorityPublic: true,
      trainingFundingCents: 600_000,
      tutoringAidMonthlyCents: 34_500,
      tutoringAidCents: 207_000,
    });
    // A branch rate above 15 € is kept for them.
    expect(proContractFunding(validContract({ trainee, branchHourlyRateCents: 2000 }), params2012).hourlyRateCents).toBe(2000);
    expect(proContractFunding(validContract({ trainee, branchHourlyRateCents: 1000 }), params2012).hourlyRateCents).toBe(1500);
  });

  it('funds 15 € an hour for RSA, ASS, AAH and after-CUI publics at any age, but not an unqualified 26+ job seeker', () => {
    const rsa = { ...validContract().trainee, birthDate: '1970-01-01', publics: ['rsa' as const] };
    expect(proContractFunding(validContract({ trainee: rsa }), params2012).hourlyRateCents).toBe(1500);
    const jobSeeker = { ...validContract().trainee, birthDate: '1970-01-01', jobSeeker: true, hasRecognisedQualification: false };
    expect(proContractFunding(validContract({ trainee: jobSeeker }), params2012).hourlyRateCents).toBe(915);
  });

  it('gives 345 € a month from the tutor’s 45th birthday on the start date', () => {
    const tutorBorn = (birthDate: string) => validContract({ tutor: { ...validContract().tutor!, birthDate } });
    expect(proContractFunding(tutorBorn('1967-09-02'), params2012).tutoringAidMonthlyCents).toBe(23_000); // 44
    expect(proContractFunding(tutorBorn('1967-09-01'), params2012).tutoringAidMonthlyCents).toBe(34_500); // 45
  });

  it('caps tutor training at 40 h and pays no tutoring without a tutor', () => {
    const f = proContractFunding(validContract({ tutor: { ...validContract().tutor!, trainingHours: 55 } }), params2012);
    expect(f).toMatchObject({ tutorTrainingHoursFunded: 40, tutorTrainingCents: 60_000 });
    expect(proContractFunding(validContract({ tutor: null }), params2012)).toMatchObject({
      tutoringAidCents: 0,
      tutorTrainingCents: 0,
      totalCents: 366_000,
    });
  });

  it('counts started months for the tutoring aid, at most 6', () => {
    const short = validContract({ startDate: '2012-09-01', endDate: '2012-12-15' });
    expect(proContractFunding(short, params2012).tutoringAidMonths).toBe(4);
  });

  it('handles hours with cents of an hour exactly', () => {
    expect(proContractFunding(validContract({ trainingHours: 455.01 }), ACTE_II_PARAMETERS).trainingFundingCents).toBe(416_334);
  });
});
