/** A weekly session is planned, then held (open), then closed; closing is final. */
export const SESSION_STATUSES = ['planned', 'open', 'closed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  planned: 'En préparation',
  open: 'En séance',
  closed: 'Close',
};

export type SessionEvent = 'open' | 'close' | 'editAgenda' | 'recordDecision';

export const SESSION_TRANSITIONS: Record<SessionEvent, { from: readonly SessionStatus[]; to: SessionStatus | null }> = {
  open: { from: ['planned'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  // Changes that keep the status: allowed only in these states.
  editAgenda: { from: ['planned', 'open'], to: null },
  recordDecision: { from: ['open'], to: null },
};

export function sessionAllows(status: SessionStatus, event: SessionEvent): boolean {
  return SESSION_TRANSITIONS[event].from.includes(status);
}

/** The session's reference: "CELL-2009-W23" for the ISO week of its date. */
export function sessionReference(heldOn: string): string {
  const date = new Date(`${heldOn}T00:00:00Z`);
  const day = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `CELLULE-${date.getUTCFullYear()}-S${String(week).padStart(2, '0')}`;
}
