import type { RequestDraft } from '../../../src/weeklyCell/requestSchema.js';
import type { RequestStatus } from '../../../src/weeklyCell/requestStatus.js';
import type { SessionStatus } from '../../../src/weeklyCell/sessionStatus.js';
import type { Decision } from '../../../src/weeklyCell/decisions.js';
import type { Funder } from '../../../src/programmes/funders.js';
import type { Verdict } from '../../../src/weeklyCell/opinions.js';

/** A row of GET /api/requests. */
export interface RequestRow {
  id: number; reference: string; companyName: string; siret: string; nafCode: string | null; departement: string | null;
  status: RequestStatus; statusLabel: string; measureCode: string; traineeCount: number; trainingHours: number;
  totalCostCents: number; committedCents: number; paidCents: number; submittedAt: string | null; updatedAt: string; isImported: boolean;
  /** The viewer's deadline on it: its opinion (partner) or the company's open answer. */
  dueOn?: string | null; isOverdue?: boolean;
}

export interface Opinion {
  id: number; organisationId: number; organisationName: string; verdict: Verdict; comment: string;
  funder: Funder | null; proposedCents: number | null; authorName: string; updatedAt: string; version: number;
}
export type { Verdict };

export interface RequestAction {
  id: number; position: number; title: string; objective: string; providerName: string; providerSiret: string;
  hoursPerTrainee: number; startDate: string; endDate: string; teachingCostCents: number; hourlyWageCents: number;
  traineeIds: number[]; traineeCount: number; trainingHours: number; payCostCents: number; totalCostCents: number;
  realisedTrainees: number | null; realisedHours: number | null; realisedTeachingCostCents: number | null;
}

export interface RequestEmployee {
  id: number; lastName: string; firstName: string; birthDate: string; sex: string; socioProfessionalCategory: string;
  level1969: string; level2019: string | null; contractType: string; situation: string;
}

export interface Account { funder: Funder; funderLabel: string; approvedCents: number; dueCents: number; paidCents: number; remainingCents: number }

/** GET /api/requests/:id (src/weeklyCell/requestPresenter.ts). */
export interface RequestDetail {
  id: number; reference: string; status: RequestStatus; statusLabel: string; version: number;
  party: 'company' | 'partner' | 'secretariat'; allowedActions: string[]; isImported: boolean;
  measure: { id: number; code: string; name: string }; trainingFund: { id: number; name: string } | null;
  draft: RequestDraft;
  employees: RequestEmployee[];
  actions: RequestAction[];
  fundingLines: { funder: Funder; funderLabel: string; proposedCents: number; approvedCents: number | null }[];
  totals: {
    traineeCount: number; trainingHours: number; teachingCostCents: number; payCostCents: number; totalCostCents: number;
    realisedHours: number | null; realisedCostCents: number | null; committedCents: number; paidCents: number;
  };
  partners: { organisationId: number; name: string; kind: string; reason: string; isRequired: boolean; opinion: Opinion | null }[];
  opinions: Opinion[]; myOpinion: Opinion | null; myFunders: Funder[];
  informationRequests: {
    id: number; reason: string; askedByOrganisation: string; askedByName: string; askedAt: string;
    answer: string | null; answeredByName: string | null; answeredAt: string | null;
    documents: { id: number; label: string; file: { filename: string; url: string } | null }[];
  }[];
  payments: { id: number; funder: Funder; amountCents: number; paidOn: string; reference: string; organisationName: string }[];
  accounts: Account[];
  decisions: { id: number; sessionId: number; sessionReference: string; heldOn: string; sessionStatus: SessionStatus; decision: Decision | null; decisionLabel: string | null; motivation: string | null }[];
  documents: DocumentRef[];
  readiness: { ready: boolean; missing: { path: string; message: string }[] } | null;
  dates: { createdAt: string; submittedAt: string | null; decidedAt: string | null; closedAt: string | null; updatedAt: string };
}

export interface DocumentRef { id: number; kind: string; filename: string; createdAt: string }

/** A row of GET /api/sessions. */
export interface SessionRow { id: number; reference: string; heldOn: string; status: SessionStatus; statusLabel: string; itemCount: number }

export interface AgendaItem {
  id: number; position: number; decision: Decision | null; decisionLabel: string | null; motivation: string | null; decidedAt: string | null;
  requestId: number; reference: string; companyName: string; siret: string; totalCostCents: number; traineeCount: number; trainingHours: number;
  status: RequestStatus; statusLabel: string;
  fundingLines: { funder: Funder; funderLabel: string; proposedCents: number }[];
  decisionLines: { funder: Funder; funderLabel: string; approvedCents: number }[];
  opinions: { requestId: number; organisationName: string; verdict: Verdict; comment: string; funder: Funder | null; proposedCents: number | null }[];
}

/** GET /api/sessions/:id (src/weeklyCell/sessionRoutes.ts). */
export interface SessionDetail {
  id: number; reference: string; heldOn: string; status: SessionStatus; statusLabel: string; version: number;
  openedAt: string | null; closedAt: string | null;
  items: AgendaItem[];
  candidates: { id: number; reference: string; companyName: string; totalCostCents: number }[];
  documents: DocumentRef[];
  committedByFunder: { funder: Funder; funderLabel: string; amountCents: number }[];
  undecided: number;
  /** The reader's place: the secretariat runs it; members and routed partners read. */
  party: 'secretariat' | 'member' | 'partner';
  /** From the server's session policy table: exactly what the server accepts now. */
  allowedActions: ('schedule' | 'unschedule' | 'open' | 'recordDecision' | 'close')[];
  /** Opening or closing before the session's date asks for a motivation. */
  beforeItsDate: boolean;
  chairName: string | null; chairTitle: string | null;
  attendees: { organisationId: number; organisationName: string; representative: string | null; title: string | null }[];
}

/** GET /api/cell-members. */
export interface CellMember { organisationId: number; organisationName: string; kind: string; representative: string | null; title: string | null }
