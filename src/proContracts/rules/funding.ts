import { ageOn } from '../../shared/dates.js';
import { roundHalfAwayFromZero, type Cents } from '../../shared/money.js';
import { snapshotOn, type ActeIIParameters, type ParameterSource } from '../../acteII/parameters.js';
import { calendarLength, startedMonths } from './duration.js';
import { hoursToHundredths } from '../../measures/ruleIssue.js';
import type { ProContractInput } from './types.js';

export type HourlyRateBasis = 'default' | 'branch' | 'priority';

export interface ProContractFundingResult {
  hourlyRateCents: Cents;
  hourlyRateBasis: HourlyRateBasis;
  /** Trainee is an unqualified 16–25 or an RSA/ASS/AAH/after-CUI public (L6325-1-1). */
  priorityPublic: boolean;
  trainingHours: number;
  trainingFundingCents: Cents;
  tutoringAidMonthlyCents: Cents;
  tutoringAidMonths: number;
  tutoringAidCents: Cents;
  tutorTrainingHoursFunded: number;
  tutorTrainingCents: Cents;
  totalCents: Cents;
}

/** Unqualified 16–25 year-olds and RSA/ASS/AAH/after-CUI publics get the 15 €/h rate and the increased tutoring aid. */
export function isFundingPriorityPublic(
  input: Pick<ProContractInput, 'trainee' | 'startDate'>,
  params: Pick<ActeIIParameters, 'proContract'>,
): boolean {
  const age = ageOn(input.trainee.birthDate, input.startDate);
  const unqualifiedYouth =
    age >= params.proContract.minAge && age <= params.proContract.youthMaxAge && !input.trainee.hasRecognisedQualification;
  return unqualifiedYouth || input.trainee.publics.length > 0;
}

/**
 * OPCA funding of a C.Pro, under the parameters in force at the contract's start:
 * - training: hourly flat rate × training hours. The rate is the branch's when given,
 *   9,15 € otherwise; for priority publics it is at least 15 € (a branch rate above 15 € is kept);
 * - tutoring aid, only when a tutor is designated: 230 € a month (345 € when the tutor is 45
 *   or older at the start, or the trainee is a priority public) for the months started, at most 6;
 * - tutor training, only with a tutor: 15 € an hour up to 40 h.
 */
export function proContractFunding(input: ProContractInput, params: ParameterSource): ProContractFundingResult {
  const snapshot = snapshotOn(params, input.startDate);
  const f = snapshot.proContractFunding;
  const priorityPublic = isFundingPriorityPublic(input, snapshot);
  const branchRate = input.branchHourlyRateCents ?? null;

  let hourlyRateCents: Cents;
  let hourlyRateBasis: HourlyRateBasis;
  if (priorityPublic && (branchRate === null || branchRate < f.priorityHourlyCents)) {
    hourlyRateCents = f.priorityHourlyCents;
    hourlyRateBasis = 'priority';
  } else if (branchRate !== null) {
    hourlyRateCents = branchRate;
    hourlyRateBasis = 'branch';
  } else {
    hourlyRateCents = f.defaultHourlyCents;
    hourlyRateBasis = 'default';
  }
  const trainingHundredths = Math.max(0, hoursToHundredths(input.trainingHours));
  const trainingFundingCents = roundHalfAwayFromZero((hourlyRateCents * trainingHundredths) / 100);

  const tutor = input.tutor ?? null;
  let tutoringAidMonthlyCents = 0;
  let tutoringAidMonths = 0;
  let tutorTrainingHoursFunded = 0;
  if (tutor !== null && input.endDate >= input.startDate) {
    const tutorAge = tutor.birthDate ? ageOn(tutor.birthDate, input.startDate) : null;
    const increased = priorityPublic || (tutorAge !== null && tutorAge >= f.increasedAidTutorMinAge);
    tutoringAidMonthlyCents = increased ? f.tutoringAidIncreasedMonthlyCents : f.tutoringAidMonthlyCents;
    tutoringAidMonths = Math.min(f.tutoringAidMaxMonths, startedMonths(calendarLength(input.startDate, input.endDate)));
    tutorTrainingHoursFunded = Math.min(f.tutorTrainingMaxHours, Math.max(0, tutor.trainingHours ?? 0));
  }
  const tutoringAidCents = tutoringAidMonthlyCents * tutoringAidMonths;
  const tutorTrainingCents = roundHalfAwayFromZero((f.tutorTrainingHourlyCents * hoursToHundredths(tutorTrainingHoursFunded)) / 100);
  return {
    hourlyRateCents,
    hourlyRateBasis,
    priorityPublic,
    trainingHours: trainingHundredths / 100,
    trainingFundingCents,
    tutoringAidMonthlyCents,
    tutoringAidMonths,
    tutoringAidCents,
    tutorTrainingHoursFunded,
    tutorTrainingCents,
    totalCents: trainingFundingCents + tutoringAidCents + tutorTrainingCents,
  };
}
