/** What GET /api/programmes and GET /api/programmes/:id answer (src/programmes/programmeQueries.ts). */
export interface MeasureSummary {
  id: number; programmeId: number; code: string; name: string; kind: string; kindLabel: string;
  startsOn: string; endsOn: string | null; version: number;
}

export interface ProgrammeSummary {
  id: number; code: string; name: string; description: string | null;
  startsOn: string; endsOn: string | null; version: number;
  measures: MeasureSummary[];
}

export interface Target { id: number; measureId: number; indicator: string; label: string; value: number; version: number }

export interface Envelope {
  id: number; measureId: number; funder: string; funderLabel: string; version: number;
  amountCents: number; committedCents: number; paidCents: number; remainingCents: number;
}

export interface FundingRule {
  id: number; measureId: number; funder: string; funderLabel: string | null; label: string;
  validFrom: string; validTo: string | null;
  maxRateBp: number | null; hourlyCapCents: number | null; maxHeadcount: number | null; version: number;
}

export interface RoutingRule {
  id: number; measureId: number; organisationId: number | null; organisationName: string | null;
  funder: string | null; funderLabel: string | null; departement: string | null; nafSection: string | null;
  isJobSeekersOnly: boolean; isRequired: boolean; label: string; version: number;
}

export interface MeasureDetail extends MeasureSummary {
  requestCount: number;
  targets: Target[];
  envelopes: Envelope[];
  fundingRules: FundingRule[];
  routingRules: RoutingRule[];
}

export interface ProgrammeDetail extends Omit<ProgrammeSummary, 'measures'> { measures: MeasureDetail[] }

/** GET /api/programmes/:id/report: the server's own type (a type-only import, nothing is bundled). */
export type { FunderShare, ProgrammeReport } from '../../../src/programmes/report.js';
