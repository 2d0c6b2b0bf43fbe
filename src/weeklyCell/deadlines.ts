import { addDays, daysBetween, type IsoDate } from '../shared/dates.js';
import { valueOn, type Dated } from '../shared/validity.js';

/**
 * Deadlines of instruction, as pure rules of the day they apply to. The parameters are dated:
 * a routing or an information request is judged under those in force on its own date.
 */
export interface DeadlineParameters {
  /** Days the company has to answer an information request. */
  informationReplyDays: number;
  /** Days a partner has for its opinion when no session is planned yet. */
  opinionDaysWithoutSession: number;
}

export const DEADLINE_PARAMETERS: readonly Dated<DeadlineParameters>[] = [
  { validFrom: '2008-01-01', validTo: null, value: { informationReplyDays: 10, opinionDaysWithoutSession: 7 } },
];

export const deadlineParametersOn = (day: IsoDate, versions: readonly Dated<DeadlineParameters>[] = DEADLINE_PARAMETERS) =>
  valueOn('délais d’instruction', versions, day);

/**
 * A routed partner's opinion is due the day before the next planned session that leaves it at
 * least one day (a session tomorrow is too close: the next one counts); without one, a fixed
 * number of days after routing.
 */
export function opinionDueOn(routedOn: IsoDate, plannedSessions: readonly IsoDate[], params = deadlineParametersOn(routedOn)): IsoDate {
  const next = [...plannedSessions].sort().find((heldOn) => addDays(heldOn, -1) > routedOn);
  return next ? addDays(next, -1) : addDays(routedOn, params.opinionDaysWithoutSession);
}

export function replyDueOn(askedOn: IsoDate, params = deadlineParametersOn(askedOn)): IsoDate {
  return addDays(askedOn, params.informationReplyDays);
}

export type ReminderOccasion = 'before' | 'due';

/** Reminders go the day before and on the deadline, never on other days (nor after it). */
export function reminderOccasion(dueOn: IsoDate, day: IsoDate): ReminderOccasion | null {
  if (day === dueOn) return 'due';
  if (addDays(day, 1) === dueOn) return 'before';
  return null;
}

export function isOverdue(dueOn: IsoDate | null, day: IsoDate, isDone = false): boolean {
  return !isDone && dueOn !== null && dueOn < day;
}

export interface Waiting { from: IsoDate; to: IsoDate | null }

/**
 * Days of instruction from submission to `until` (the decision, or today), net of the days the
 * request waited for the company's answers: the instruction clock pauses while it waits.
 * Overlapping waits (two questions at once) count once.
 */
export function instructionDays(submittedOn: IsoDate, until: IsoDate, waits: readonly Waiting[]): { gross: number; waiting: number; net: number } {
  const gross = Math.max(0, daysBetween(submittedOn, until));
  const spans = waits
    .map((w) => ({ from: w.from < submittedOn ? submittedOn : w.from, to: w.to === null || w.to > until ? until : w.to }))
    .filter((w) => w.from < w.to)
    .sort((a, b) => a.from.localeCompare(b.from));
  let waiting = 0;
  let reached: IsoDate | null = null;
  for (const span of spans) {
    const from = reached !== null && reached > span.from ? reached : span.from;
    if (span.to > from) waiting += daysBetween(from, span.to);
    if (reached === null || span.to > reached) reached = span.to;
  }
  return { gross, waiting, net: gross - waiting };
}
