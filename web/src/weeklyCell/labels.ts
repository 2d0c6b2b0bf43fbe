import type { BadgeSeverity } from '../components/feedback.js';
import type { Option } from '../components/forms.js';
import type { Crumb } from '../components/Page.js';
import { REQUEST_STATUS_LABELS, REQUEST_STATUSES, type RequestStatus } from '../../../src/weeklyCell/requestStatus.js';
import { SESSION_STATUS_LABELS, SESSION_STATUSES, type SessionStatus } from '../../../src/weeklyCell/sessionStatus.js';
import { DECISION_LABELS, type Decision } from '../../../src/weeklyCell/decisions.js';
import { VERDICT_LABELS, VERDICTS, type Verdict } from '../../../src/weeklyCell/opinions.js';

export const REQUESTS_CRUMB: Crumb = { label: 'Demandes', to: '/demandes' };
export const SESSIONS_CRUMB: Crumb = { label: 'Séances de la cellule', to: '/cellule/seances' };

const REQUEST_SEVERITY: Record<RequestStatus, BadgeSeverity> = {
  draft: undefined, in_instruction: 'info', awaiting_information: 'warning', ready_for_cell: 'new', on_agenda: 'new',
  approved: 'success', refused: 'error', closed: 'success', withdrawn: undefined,
};
export const REQUEST_STATUS_BADGES = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, [REQUEST_STATUS_LABELS[s], REQUEST_SEVERITY[s]]])) as Record<string, [string, BadgeSeverity]>;
export const requestStatusOptions: Option[] = REQUEST_STATUSES.map((s) => ({ value: s, label: REQUEST_STATUS_LABELS[s] }));

const SESSION_SEVERITY: Record<SessionStatus, BadgeSeverity> = { planned: 'info', open: 'new', closed: 'success' };
export const SESSION_STATUS_BADGES = Object.fromEntries(SESSION_STATUSES.map((s) => [s, [SESSION_STATUS_LABELS[s], SESSION_SEVERITY[s]]])) as Record<string, [string, BadgeSeverity]>;
export const sessionStatusOptions: Option[] = SESSION_STATUSES.map((s) => ({ value: s, label: SESSION_STATUS_LABELS[s] }));

const DECISION_SEVERITY: Record<Decision, BadgeSeverity> = { approved: 'success', partially_approved: 'success', postponed: 'warning', refused: 'error' };
export const DECISION_BADGES = Object.fromEntries(Object.entries(DECISION_LABELS).map(([k, v]) => [k, [v, DECISION_SEVERITY[k as Decision]]])) as Record<string, [string, BadgeSeverity]>;

export { VERDICT_LABELS };
const VERDICT_SEVERITY: Record<Verdict, BadgeSeverity> = { favourable: 'success', reserved: 'warning', unfavourable: 'error' };
export const VERDICT_BADGES = Object.fromEntries(VERDICTS.map((v) => [v, [VERDICT_LABELS[v], VERDICT_SEVERITY[v]]])) as Record<string, [string, BadgeSeverity]>;

export const DOCUMENT_KIND_LABELS: Record<string, string> = { minutes: 'Procès-verbal de séance', decision_letter: 'Courrier de décision' };

/** Actions of the request's history (src/weeklyCell/*Routes.ts, recordHistory). */
export const REQUEST_HISTORY_LABELS: Record<string, string> = {
  created: 'Création du brouillon', edited: 'Modification de la demande', submitted: 'Dépôt de la demande', withdrawn: 'Retrait de la demande',
  information_requested: 'Demande de compléments', information_answered: 'Réponse de l’entreprise',
  opinion_given: 'Avis d’un partenaire', opinion_changed: 'Avis modifié', ready_for_cell: 'Prête pour la cellule', unready: 'N’est plus prête pour la cellule',
  back_in_instruction: 'De nouveau en instruction', routing_changed: 'Partenaires saisis modifiés',
  scheduled: 'Inscription à l’ordre du jour', unscheduled: 'Retrait de l’ordre du jour', decision_recorded: 'Décision enregistrée en séance',
  decision_approved: 'Accord de la cellule', decision_partially_approved: 'Accord partiel de la cellule', decision_postponed: 'Ajournement', decision_refused: 'Refus de la cellule',
  realisation_recorded: 'Réalisation déclarée', payment_recorded: 'Versement enregistré', settled: 'Demande soldée', closed: 'Demande soldée',
};

export const HISTORY_FIELD_LABELS: Record<string, string> = {
  company: 'Entreprise', routedTo: 'Partenaires saisis', added: 'Partenaires ajoutés', removed: 'Partenaires retirés', verdict: 'Avis', funder: 'Financeur', proposedCents: 'Montant proposé',
  decision: 'Décision', lines: 'Montants accordés', sessionId: 'Séance', amountCents: 'Montant', paidOn: 'Date de versement',
  reference: 'Référence', released: 'Reliquat rendu aux enveloppes', realisedHours: 'Heures réalisées', realisedCostCents: 'Coût réalisé',
  actions: 'Actions', measureId: 'Dispositif', trainingFundId: 'OPCA', activityDrop: 'Baisse d’activité', employees: 'Salariés', fundingLines: 'Plan de financement',
};

/** "2562A" → "25.62A" (the draft stores the code without its dot). */
export function formatNaf(code: string | null | undefined): string {
  if (!code) return '';
  const c = code.replace(/\./g, '');
  return /^\d{4}[A-Z]$/.test(c) ? `${c.slice(0, 2)}.${c.slice(2)}` : code;
}
