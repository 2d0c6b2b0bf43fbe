/** The stages of a request at which a measure expects documents, in the order of its life. */
export const DOCUMENT_STAGES = ['filing', 'information', 'realisation', 'payment'] as const;
export type DocumentStage = (typeof DOCUMENT_STAGES)[number];
export const DOCUMENT_STAGE_LABELS: Record<DocumentStage, string> = {
  filing: 'Dépôt', information: 'Compléments', realisation: 'Réalisation', payment: 'Versement',
};
