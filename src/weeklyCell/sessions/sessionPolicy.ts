import { assertPolicy, allowedActions, type PolicyTable } from '../../platform/actions/policy.js';
import { parisDay } from '../../platform/documents/index.js';
import { refusedTransition } from '../../platform/http/errors.js';
import { formatDateFr } from '../../shared/dates.js';
import { SESSION_STATUS_LABELS, SESSION_TRANSITIONS, type SessionStatus } from '../sessionStatus.js';

/**
 * Who may do what on a cell session, in which status: the one table the server enforces
 * and the presenter reads to offer buttons. Only the secretariat runs the cell; members
 * (the organisations that sit in it) and the partners of the requests on its agenda read.
 */
export const SESSION_ACTIONS = ['prepare', 'schedule', 'unschedule', 'open', 'recordDecision', 'close'] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];
export type SessionParty = 'secretariat' | 'member' | 'partner';

/** What guards look at: the agenda item acted on, when there is one. */
export interface SessionSubject { item?: { decision: string | null } }

const runs = ['secretariat'] as const;

export const SESSION_POLICY: PolicyTable<SessionAction, SessionParty, SessionStatus, SessionSubject> = {
  // A new session starts « En préparation »: preparing one is judged in that status.
  prepare: { parties: runs, statuses: ['planned'] },
  schedule: { parties: runs, statuses: SESSION_TRANSITIONS.editAgenda.from },
  unschedule: {
    parties: runs, statuses: SESSION_TRANSITIONS.editAgenda.from,
    guard: (s) => (s.item?.decision ? 'Cette demande a déjà reçu une décision : modifiez la décision plutôt que de la retirer de l’ordre du jour.' : null),
  },
  open: { parties: runs, statuses: SESSION_TRANSITIONS.open.from },
  recordDecision: { parties: runs, statuses: SESSION_TRANSITIONS.recordDecision.from },
  close: { parties: runs, statuses: SESSION_TRANSITIONS.close.from },
};

export function assertSessionPolicy(action: SessionAction, party: SessionParty, status: SessionStatus, subject: SessionSubject = {}): void {
  assertPolicy(SESSION_POLICY, action, party, status, subject, (s) => `la séance est « ${SESSION_STATUS_LABELS[s]} »`);
}

export function sessionActionsFor(party: SessionParty, status: SessionStatus, subject: SessionSubject = {}): SessionAction[] {
  return allowedActions(SESSION_POLICY, party, status, subject);
}

/** The cell sits in France: its day is the calendar day in Paris, whatever the server's zone. */
export const cellToday = (instant: Date | string): string => parisDay(new Date(instant));

/**
 * A session is held on its date. Opening or closing it earlier (a session brought forward,
 * a date typed wrong) needs a motivation, which goes into the session's history; without
 * one the refusal says so. Returns the motivation to record, or null when on time.
 */
export function earlyMotivation(heldOn: string, today: string, what: 'open' | 'close', motivation: string | undefined): string | null {
  if (today >= heldOn) return null;
  const reason = motivation?.trim() ?? '';
  if (reason.length >= 10) return reason;
  const verb = what === 'open' ? 'ouverte' : 'close';
  throw refusedTransition(
    `La séance est datée du ${formatDateFr(heldOn)} : elle ne peut pas être ${verb} avant cette date sans motif. Indiquez pourquoi elle se tient plus tôt (10 caractères au moins) ; le motif est inscrit à l’historique.`,
    [{ path: 'earlyMotivation', message: 'Motif de la tenue anticipée : 10 caractères au moins.' }],
  );
}
