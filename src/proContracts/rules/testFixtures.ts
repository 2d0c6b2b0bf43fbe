import { resolveActeIIParameters } from '../../acteII/parameters.js';
import type { ProContractInput } from './types.js';

/** A contract that breaks no rule: 18-year-old, 12-month CDD from 1 Sept 2012, 400 h of training (21,98 %). */
export function validContract(overrides: Partial<ProContractInput> = {}): ProContractInput {
  return {
    trainee: {
      birthDate: '1994-05-05',
      level: 'V',
      hasRecognisedQualification: true,
      jobSeeker: false,
      publics: [],
    },
    contractType: 'CDD',
    startDate: '2012-09-01',
    endDate: '2013-08-31',
    trainingHours: 400,
    grossMonthlyPayCents: 90_000,
    tutor: { birthDate: '1970-01-01', relatedExperienceMonths: 60, isEmployer: false, otherTrainees: [] },
    ...overrides,
  };
}

export const params2012 = resolveActeIIParameters('2012-09-01');
export const params2014 = resolveActeIIParameters('2014-03-05');
