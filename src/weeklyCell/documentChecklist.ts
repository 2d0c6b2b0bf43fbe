import { DOCUMENT_STAGE_LABELS, DOCUMENT_STAGES, type DocumentStage } from '../programmes/documentStages.js';
import type { RequestStatus } from './requestStatus.js';

export { DOCUMENT_STAGE_LABELS, DOCUMENT_STAGES, type DocumentStage };

/**
 * While a stage is open its documents may be added, replaced or deleted: the filing documents
 * until the request is submitted (and again while compléments are asked), the information
 * documents during instruction, the realisation and payment ones once the cell has approved.
 */
const STAGE_OPEN: Record<DocumentStage, readonly RequestStatus[]> = {
  filing: ['draft', 'awaiting_information'],
  information: ['in_instruction', 'awaiting_information', 'ready_for_cell'],
  realisation: ['approved'],
  payment: ['approved'],
};

export const isStageOpen = (stage: DocumentStage, status: RequestStatus) => STAGE_OPEN[stage].includes(status);
export const openStages = (status: RequestStatus) => DOCUMENT_STAGES.filter((s) => isStageOpen(s, status));

export interface ExpectedDocument { id: number; stage: string; label: string; isRequired: boolean; position: number; validFrom: string; validTo: string | null }
export interface ProvidedDocument { id: number; stage: string | null; expectedDocumentId: number | null }

/** The documents a measure expects of a request judged at `ruleDate`. */
export function expectedAt<T extends ExpectedDocument>(expected: readonly T[], ruleDate: string): T[] {
  return expected.filter((e) => e.validFrom <= ruleDate && (e.validTo === null || ruleDate <= e.validTo))
    .sort((a, b) => DOCUMENT_STAGES.indexOf(a.stage as DocumentStage) - DOCUMENT_STAGES.indexOf(b.stage as DocumentStage) || a.position - b.position);
}

export interface ChecklistLine<E, P> { expected: E; provided: P[] }
export interface ChecklistStage<E, P> { stage: DocumentStage; label: string; lines: ChecklistLine<E, P>[]; others: P[] }

/** Per stage, each expected document with what was provided for it, and what was provided beside the list. */
export function checklist<E extends ExpectedDocument, P extends ProvidedDocument>(expected: readonly E[], provided: readonly P[]): ChecklistStage<E, P>[] {
  return DOCUMENT_STAGES.map((stage) => {
    const mine = expected.filter((e) => e.stage === stage);
    const ids = new Set(mine.map((e) => e.id));
    return {
      stage, label: DOCUMENT_STAGE_LABELS[stage],
      lines: mine.map((e) => ({ expected: e, provided: provided.filter((p) => p.expectedDocumentId === e.id) })),
      others: provided.filter((p) => p.stage === stage && (p.expectedDocumentId === null || !ids.has(p.expectedDocumentId))),
    };
  });
}

export interface DocumentIssue { path: string; message: string }

/** The required documents of the given stages that nothing was provided for, as French issues. */
export function missingDocuments(expected: readonly ExpectedDocument[], provided: readonly ProvidedDocument[], stages: readonly DocumentStage[]): DocumentIssue[] {
  return checklist(expected, provided).filter((s) => stages.includes(s.stage))
    .flatMap((s) => s.lines.filter((l) => l.expected.isRequired && l.provided.length === 0)
      .map((l) => ({ path: `documents.${s.stage}.${l.expected.id}`, message: `Pièce manquante (${s.label.toLowerCase()}) : « ${l.expected.label} ».` })));
}

/** Documents named in a request for information and not yet provided. */
export function missingRequested(items: readonly { id: number; label: string; documentId: number | null }[]): DocumentIssue[] {
  return items.filter((i) => i.documentId === null).map((i) => ({ path: `documents.requested.${i.id}`, message: `Pièce demandée non fournie : « ${i.label} ».` }));
}
