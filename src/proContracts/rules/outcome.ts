import { addMonths, type IsoDate } from '../../shared/dates.js';

/** Why a C.Pro ended (suite de parcours). */
export const END_REASONS = ['term', 'trialPeriod', 'resignation', 'dismissal', 'mutualAgreement'] as const;
export type EndReason = (typeof END_REASONS)[number];
export const END_REASON_LABELS: Record<EndReason, string> = {
  term: 'Arrivée au terme',
  trialPeriod: 'Rupture pendant la période d’essai',
  resignation: 'Démission',
  dismissal: 'Licenciement',
  mutualAgreement: 'Rupture d’un commun accord',
};

export const CERTIFICATION_RESULTS = ['obtained', 'partial', 'failed'] as const;
export type CertificationResult = (typeof CERTIFICATION_RESULTS)[number];
export const CERTIFICATION_RESULT_LABELS: Record<CertificationResult, string> = {
  obtained: 'Qualification obtenue',
  partial: 'Qualification obtenue partiellement',
  failed: 'Qualification non obtenue',
};

/** Situation at exit and six months later. */
export const EXIT_SITUATIONS = [
  'cdiSameEmployer',
  'cdiElsewhere',
  'cdd',
  'tempWork',
  'training',
  'jobSeeker',
  'inactive',
] as const;
export type ExitSituation = (typeof EXIT_SITUATIONS)[number];
export const EXIT_SITUATION_LABELS: Record<ExitSituation, string> = {
  cdiSameEmployer: 'CDI chez le même employeur',
  cdiElsewhere: 'CDI chez un autre employeur',
  cdd: 'CDD',
  tempWork: 'Intérim',
  training: 'En formation',
  jobSeeker: 'Demandeur d’emploi',
  inactive: 'Inactif',
};

export type FollowUpStatus = 'not_due' | 'due' | 'late';

export interface FollowUpContract {
  /** Planned end (CDD term or end of the action). */
  endDate: IsoDate;
  /** Actual end when the contract was broken early. */
  actualEndDate?: IsoDate | null;
  /** The answer about the situation six months after exit, once collected. */
  situationAfter6Months?: ExitSituation | null;
}

export interface FollowUpWindow {
  exitDate: IsoDate;
  dueFrom: IsoDate;
  lateAfter: IsoDate;
}

/**
 * The "+6 months" survey (also what the FSE requires): it is due from the day six calendar
 * months after the exit, and late once seven months have passed without an answer (one month
 * to reach the person). Exit is the actual end when the contract was broken early.
 */
export function followUpWindow(contract: FollowUpContract): FollowUpWindow {
  const exitDate = contract.actualEndDate ?? contract.endDate;
  return { exitDate, dueFrom: addMonths(exitDate, 6), lateAfter: addMonths(exitDate, 7) };
}

/** 'not_due' also when the answer is already recorded: there is nothing left to ask. */
export function followUpDue(contract: FollowUpContract, today: IsoDate): FollowUpStatus {
  if (contract.situationAfter6Months) return 'not_due';
  const { dueFrom, lateAfter } = followUpWindow(contract);
  if (today < dueFrom) return 'not_due';
  return today > lateAfter ? 'late' : 'due';
}
