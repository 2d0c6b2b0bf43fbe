import type { Cents } from '../../shared/money.js';
import type { IsoDate } from '../../shared/dates.js';
import type { Level1969 } from '../../shared/qualification.js';

export const CONTRACT_TYPES = ['CDD', 'CDI'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Publics that may sign a C.Pro at any age from 16, and that open the 24-month length and the 15 €/h rate. */
export const PRIORITY_PUBLICS = ['rsa', 'ass', 'aah', 'afterCui'] as const;
export type PriorityPublic = (typeof PRIORITY_PUBLICS)[number];
export const PRIORITY_PUBLIC_LABELS: Record<PriorityPublic, string> = {
  rsa: 'bénéficiaire du RSA',
  ass: 'bénéficiaire de l’ASS',
  aah: 'bénéficiaire de l’AAH',
  afterCui: 'sortant d’un contrat unique d’insertion (CUI)',
};

/** Why a contract (or action) may last beyond 12 months, up to 24. */
export const EXTENDED_DURATION_REASONS = ['branchAgreement', 'noRecognisedQualification', 'priorityPublic'] as const;
export type ExtendedDurationReason = (typeof EXTENDED_DURATION_REASONS)[number];
export const EXTENDED_DURATION_REASON_LABELS: Record<ExtendedDurationReason, string> = {
  branchAgreement: 'accord de branche',
  noRecognisedQualification: 'personne sans qualification professionnelle reconnue',
  priorityPublic: 'bénéficiaire du RSA, de l’ASS, de l’AAH ou sortant d’un CUI',
};

export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

export interface Trainee {
  birthDate: IsoDate;
  /** Highest qualification level held (1969 nomenclature). */
  level: Level1969;
  /** Holds a diploma or title recognised (RNCP, branch classification). */
  hasRecognisedQualification: boolean;
  /** Registered job seeker at the start of the contract (what opens the C.Pro to people aged 26+). */
  jobSeeker: boolean;
  publics: PriorityPublic[];
}

export interface Tutor {
  birthDate?: IsoDate | null;
  /** Months of professional experience related to the targeted qualification. */
  relatedExperienceMonths: number;
  /** The employer tutors personally (capacity 2 instead of 3). */
  isEmployer: boolean;
  /** Other C.Pro/apprentices this tutor follows, whatever their dates. */
  otherTrainees: DateRange[];
  /** Hours of tutor training to fund. */
  trainingHours?: number | null;
}

export interface ProContractInput {
  trainee: Trainee;
  contractType: ContractType;
  startDate: IsoDate;
  /** End of the CDD, or end of the professionalisation action at the start of a CDI. */
  endDate: IsoDate;
  extendedDurationReason?: ExtendedDurationReason | null;
  trainingHours: number;
  /** A branch agreement allows training above 25 % of the length. */
  branchAllowsTrainingAbove25?: boolean;
  /** Gross monthly pay for full time. */
  grossMonthlyPayCents: Cents;
  /** Branch (or company agreement) minimum for the job, used for trainees aged 26+. */
  branchMinimumMonthlyCents?: Cents | null;
  /** Hourly flat rate set by the branch for the OPCA funding. */
  branchHourlyRateCents?: Cents | null;
  tutor?: Tutor | null;
  /** Counted in the 1,000 contracts reserved for intergenerational pairs. */
  reservedForPair?: boolean;
}
