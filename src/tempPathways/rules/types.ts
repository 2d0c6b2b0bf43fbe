import type { Cents } from '../../shared/money.js';
import type { IsoDate } from '../../shared/dates.js';
import type { Level1969 } from '../../shared/qualification.js';

/** How the person reached their level: general schooling or a vocational course (CAP, BEP…). */
export const SCHOOLING_ROUTES = ['general', 'vocational'] as const;
export type SchoolingRoute = (typeof SCHOOLING_ROUTES)[number];
export const SCHOOLING_ROUTE_LABELS: Record<SchoolingRoute, string> = {
  general: 'voie générale',
  vocational: 'voie professionnelle',
};

export interface TempWorkerProfile {
  level: Level1969;
  route: SchoolingRoute;
  /** Holds a CAP, BEP or any other vocational diploma giving access to a job. */
  hasVocationalDiploma: boolean;
}

export const PERIOD_KINDS = ['training', 'mission'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { training: 'formation', mission: 'mission' };

export interface Period {
  kind: PeriodKind;
  start: IsoDate;
  end: IsoDate;
  hours: number;
  costCents?: Cents | null;
  /** Job held (mission) or targeted (training), ROME v3 code. */
  romeCode?: string | null;
  providerName?: string | null;
  userCompany?: string | null;
  targetedQualification?: string | null;
}

export interface TempPathwayInput {
  participant: TempWorkerProfile;
  /** Entry into the pathway: the date the pathway is judged at. */
  entryDate: IsoDate;
  periods: Period[];
}
