/**
 * The life of a funding request, as one transition table shared by the server (which
 * enforces it) and the web app (which offers only the allowed actions).
 */
export const REQUEST_STATUSES = [
  'draft', 'in_instruction', 'awaiting_information', 'ready_for_cell', 'on_agenda',
  'approved', 'refused', 'closed', 'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  draft: 'Brouillon',
  in_instruction: 'En instruction',
  awaiting_information: 'Compléments demandés',
  ready_for_cell: 'Prête pour la cellule',
  on_agenda: 'Inscrite en séance',
  approved: 'Accordée — en réalisation',
  refused: 'Refusée',
  closed: 'Soldée',
  withdrawn: 'Retirée',
};

export type RequestEvent =
  | 'submit' | 'withdraw' | 'askInformation' | 'answerInformation' | 'becomeReady' | 'becomeUnready'
  | 'schedule' | 'unschedule' | 'approve' | 'postpone' | 'refuse' | 'close';

/** Who may trigger an event: the company, a partner instructing, the secretariat, or the system itself. */
export type Party = 'company' | 'partner' | 'secretariat' | 'system';

interface Transition { from: readonly RequestStatus[]; to: RequestStatus; by: readonly Party[] }

export const REQUEST_TRANSITIONS: Record<RequestEvent, Transition> = {
  submit: { from: ['draft'], to: 'in_instruction', by: ['company'] },
  withdraw: { from: ['draft', 'in_instruction', 'awaiting_information', 'ready_for_cell'], to: 'withdrawn', by: ['company'] },
  askInformation: { from: ['in_instruction', 'ready_for_cell'], to: 'awaiting_information', by: ['partner', 'secretariat'] },
  answerInformation: { from: ['awaiting_information'], to: 'in_instruction', by: ['company'] },
  becomeReady: { from: ['in_instruction'], to: 'ready_for_cell', by: ['system'] },
  becomeUnready: { from: ['ready_for_cell'], to: 'in_instruction', by: ['system'] },
  schedule: { from: ['ready_for_cell'], to: 'on_agenda', by: ['secretariat'] },
  unschedule: { from: ['on_agenda'], to: 'ready_for_cell', by: ['secretariat'] },
  approve: { from: ['on_agenda'], to: 'approved', by: ['secretariat'] },
  postpone: { from: ['on_agenda'], to: 'ready_for_cell', by: ['secretariat'] },
  refuse: { from: ['on_agenda'], to: 'refused', by: ['secretariat'] },
  close: { from: ['approved'], to: 'closed', by: ['secretariat', 'partner', 'system'] },
};

export function nextStatus(status: RequestStatus, event: RequestEvent, party: Party): RequestStatus | null {
  const transition = REQUEST_TRANSITIONS[event];
  if (!transition.from.includes(status) || !transition.by.includes(party)) return null;
  return transition.to;
}

export function eventsAllowed(status: RequestStatus, party: Party): RequestEvent[] {
  return (Object.keys(REQUEST_TRANSITIONS) as RequestEvent[]).filter((e) => nextStatus(status, e, party) !== null);
}

/** The company may edit its request while it is a draft or while it answers a request for information. */
export const EDITABLE_BY_COMPANY: readonly RequestStatus[] = ['draft', 'awaiting_information'];

/** Partners may still give or change their opinion until the cell has decided. */
export const OPEN_FOR_OPINIONS: readonly RequestStatus[] = ['in_instruction', 'awaiting_information', 'ready_for_cell'];
