import type { TimelineEvent } from '../../components/Timeline.js';

export interface RuleIssue { code: string; field: string; message: string; severity: 'error' | 'warning' }

export interface PayFloorRow {
  month: string; from: string; to: string; ageForPay: number; ageBand: 'under21' | 'from21To25' | 'from26'; qualified: boolean;
  smicMonthlyCents: number; smicShareBp: number; floorFromSmicCents: number; floorFromBranchCents: number | null; floorCents: number;
}

export interface Funding {
  hourlyRateCents: number; hourlyRateBasis: 'default' | 'branch' | 'priority'; priorityPublic: boolean; trainingHours: number;
  trainingFundingCents: number; tutoringAidMonthlyCents: number; tutoringAidMonths: number; tutoringAidCents: number;
  tutorTrainingHoursFunded: number; tutorTrainingCents: number; totalCents: number;
}

export interface CheckResult { valid: boolean; issues: RuleIssue[]; funding: Funding; payFloor: PayFloorRow[] }

export type FollowUpStatus = 'not_due' | 'due' | 'late';

export interface ContractRow {
  id: number; reference: string; companyId: number; companyName: string; trainingFundId: number; trainingFundName: string;
  lastName: string; firstName: string; contractType: 'CDD' | 'CDI'; startDate: string; endDate: string; fundingCents: number;
  isReservedForPair: boolean; isQuotaOverride: boolean; followUpStatus: FollowUpStatus; followUpDueFrom: string | null; followUpLateAfter: string | null;
  actualEndDate: string | null; situationAfter6Months: string | null; tutorLastName: string | null; tutorFirstName: string | null; trainingHours: number; grossMonthlyPayCents: number;
}

export interface Tutor {
  id: number; lastName: string; firstName: string; birthDate: string | null; relatedExperienceMonths: number; isEmployer: boolean;
  currentTrainees: number; age: number | null;
}

export interface Contract {
  id: number; reference: string; version: number; companyId: number; companyName: string | null; trainingFundId: number; trainingFundName: string | null;
  trainee: { lastName: string; firstName: string; sex: 'F' | 'M'; birthDate: string; level: string; hasRecognisedQualification: boolean; jobSeeker: boolean;
    publics: string[]; ageAtStart: number; level2019: string | null };
  tutor: { id: number; lastName: string; firstName: string; birthDate: string | null; ageAtStart: number | null; relatedExperienceMonths: number; isEmployer: boolean } | null;
  tutorTrainingHours: number | null;
  contractType: 'CDD' | 'CDI'; startDate: string; endDate: string; extendedDurationReason: string | null; trainingHours: number;
  branchAllowsTrainingAbove25: boolean; trainingShare: { lengthHours: number; shareBp: number };
  targetedQualification: string; targetedLevel: string; providerName: string;
  grossMonthlyPayCents: number; branchMinimumMonthlyCents: number | null; branchHourlyRateCents: number | null;
  reservedForPair: boolean; quotaOverride: boolean; isImported: boolean; pair: { id: number; reference: string } | null;
  funding: Funding; payFloor: PayFloorRow[]; issues: RuleIssue[];
  followUp: {
    actualEndDate: string | null; endReason: string | null; endReasonLabel: string | null; certification: string | null; certificationLabel: string | null;
    situationAtExit: string | null; situationAtExitLabel: string | null; situationAfter6Months: string | null; situationAfter6MonthsLabel: string | null;
    window: { exitDate: string; dueFrom: string; lateAfter: string }; status: FollowUpStatus;
  };
  canEdit: boolean; createdAt: string; updatedAt: string; history: TimelineEvent[];
}

export interface ContractCounters {
  target: number; reservedTarget: number; total: number; reserved: number; ordinary: number; ordinaryCap: number;
  ordinaryPlacesLeft: number; reservedPlacesLeft: number; cdi: number; cdd: number; quotaOverrides: number;
  endedEarly: number; certified: number; followUpsDue: number; followUpsLate: number;
}
