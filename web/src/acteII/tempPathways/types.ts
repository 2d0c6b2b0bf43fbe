import type { TimelineEvent } from '../../components/Timeline.js';

export interface PeriodView {
  id?: number; kind: 'training' | 'mission'; start: string; end: string; hours: number; costCents: number | null;
  romeCode: string | null; romeLabel?: string | null; providerName: string | null; userCompany: string | null; targetedQualification: string | null;
}
export interface Eligibility { eligible: boolean; ground: 'infraV' | 'levelVGeneral' | null; issues: { code: string; field: string; message: string; severity: string }[] }
export interface Pathway {
  id: number; reference: string; version: number; agencyId: number; agencyName: string | null;
  worker: { lastName: string; firstName: string; sex: 'F' | 'M'; birthDate: string; level: string; route: 'general' | 'vocational'; hasVocationalDiploma: boolean; routeLabel: string };
  eligibility: Eligibility; entryDate: string; exitDate: string | null; outcome: string | null; outcomeLabel: string | null;
  periods: PeriodView[];
  totals: { trainingHours: number; missionHours: number; totalHours: number; trainingCount: number; missionCount: number; costCents: number; trainingCostCents: number };
  versatility: number; romeCodes: string[]; fundingLines: { id: number; funder: string; amountCents: number }[]; financedCents: number;
  issues: { code: string; field: string; message: string; severity: string }[]; canEdit: boolean; history: TimelineEvent[];
}
export interface PathwayRow {
  id: number; reference: string; agencyName: string; lastName: string; firstName: string; level1969: string; entryDate: string; exitDate: string | null;
  outcome: string | null; versatility: number; trainingHours: number; missionHours: number; costCents: number; financedCents: number;
}
export interface Envelope { items: { envelopeId: number; funder: string; envelopeCents: number; committedCents: number; remainingCents: number; overcommitted: boolean }[];
  totals: { envelopeCents: number; committedCents: number; remainingCents: number } }
export interface PathwayCounters {
  target: number; experimentStart: string; experimentEnd: string; total: number; exited: number; running: number; averageVersatility: number;
  trainingHours: number; missionHours: number; financedCents: number; byOutcome: { outcome: string; label: string; count: number }[];
}
