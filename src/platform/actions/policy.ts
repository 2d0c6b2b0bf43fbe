import { AppError } from '../http/errors.js';

/**
 * One policy table per workflow: for each action, the parties who may take it, in which
 * statuses, and any further guard (a role, a figure). The server checks it before running
 * an action and the presenter lists, from the same table, the actions a user may take now,
 * so the buttons shown and the requests accepted cannot drift apart.
 */
export interface PolicyRule<Party extends string, Status extends string, Subject> {
  parties: readonly Party[];
  statuses: readonly Status[];
  /** Returns null when allowed, or the French reason it is not. */
  guard?: (subject: Subject) => string | null;
}

export type PolicyTable<Action extends string, Party extends string, Status extends string, Subject> =
  Record<Action, PolicyRule<Party, Status, Subject>>;

export interface Refusal { code: 'forbidden' | 'status' | 'guard'; message: string }

export function judgePolicy<A extends string, P extends string, S extends string, Subject>(
  table: PolicyTable<A, P, S, Subject>, action: A, party: P, status: S, subject: Subject,
): Refusal | null {
  const rule = table[action];
  if (!rule.parties.includes(party)) return { code: 'forbidden', message: 'Votre organisation ne peut pas faire cette action sur ce dossier.' };
  if (!rule.statuses.includes(status)) return { code: 'status', message: 'Cette action n’est pas possible dans l’état actuel du dossier.' };
  const reason = rule.guard?.(subject) ?? null;
  return reason ? { code: 'guard', message: reason } : null;
}

export function allowedActions<A extends string, P extends string, S extends string, Subject>(
  table: PolicyTable<A, P, S, Subject>, party: P, status: S, subject: Subject,
): A[] {
  return (Object.keys(table) as A[]).filter((action) => judgePolicy(table, action, party, status, subject) === null);
}

/**
 * Throws the refusal as the API answers it: 403 for a party that may never take the action,
 * 409 for a status or a guard that forbids it now. `describeStatus` words the status refusal
 * for the workflow (« la demande est « Soumise » »).
 */
export function assertPolicy<A extends string, P extends string, S extends string, Subject>(
  table: PolicyTable<A, P, S, Subject>, action: A, party: P, status: S, subject: Subject,
  describeStatus?: (status: S) => string,
): void {
  const refusal = judgePolicy(table, action, party, status, subject);
  if (!refusal) return;
  if (refusal.code === 'forbidden') throw new AppError(403, 'forbidden', refusal.message);
  const message = refusal.code === 'status' && describeStatus ? `Action impossible : ${describeStatus(status)}.` : refusal.message;
  throw new AppError(409, 'transition_refused', message);
}
