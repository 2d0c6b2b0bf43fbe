import type { ActionScope } from '../../platform/actions/runAction.js';
import type { RowLock } from '../../platform/actions/locks.js';
import { notFound, staleVersion, unauthenticated } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/identity/roles.js';
import { funderAccounts, type FunderAccountView } from '../funderAccounts.js';
import { assertRequestPolicy, partyFor, type RequestAction } from '../requestPolicy.js';
import { loadAggregate, type RequestAggregate } from '../requestRepository.js';
import type { Party, RequestStatus } from '../requestStatus.js';

/** Every write on a request locks its row first: two writers on one request queue, on any database. */
export const lockRequest = (input: { requestId: number }): RowLock[] => [{ table: 'fundingRequests', ids: [input.requestId] }];

export function actingUser(scope: ActionScope): Actor {
  if (!scope.actor) throw unauthenticated();
  return scope.actor;
}

export interface OpenedRequest {
  actor: Actor;
  party: Party;
  /** Loaded once, under the lock; `moveTo` (requestRepository) keeps its status and version current. */
  aggregate: RequestAggregate;
  accounts: FunderAccountView[];
}

/**
 * Loads the request once, under its lock, and checks the workflow's policy for the actor:
 * a request the actor may not see is « introuvable », an action its party, role or the
 * status forbids is refused before anything is written.
 */
export async function openRequest(scope: ActionScope, requestId: number, action: RequestAction, version?: number, hidden?: { from: Party; what: string }): Promise<OpenedRequest> {
  const actor = actingUser(scope);
  const aggregate = await loadAggregate(scope.trx, requestId);
  if (!aggregate) throw notFound('Demande');
  const party = await partyFor(scope.trx, actor, aggregate.request);
  if (!party) throw notFound('Demande');
  // What a party is never part of (the partners' thread, for the company) does not exist for it.
  if (hidden?.from === party) throw notFound(hidden.what);
  const accounts = aggregate.request.status === 'approved' ? await funderAccounts(scope.trx, aggregate) : [];
  assertRequestPolicy(action, { actor, party, accounts }, aggregate.request.status as RequestStatus);
  if (version !== undefined && version !== aggregate.request.version) throw staleVersion('Cette demande');
  return { actor, party, aggregate, accounts };
}
