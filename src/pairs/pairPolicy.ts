import type { Actor } from '../platform/identity/roles.js';
import { ownerScope, requireOwnerListScope, seesOwned } from '../platform/identity/ownerScope.js';
import { allowedActions, assertPolicy, type PolicyTable } from '../platform/actions/policy.js';
import { ownedParty, type OwnedParty } from '../measures/parties.js';

/** Pairs belong to the company that employs both people. */
export const pairScope = (actor: Actor) => ownerScope(actor, 'company');
export const requirePairListScope = (actor: Actor) => requireOwnerListScope(actor, 'company', 'binômes');
export const seesPair = (actor: Actor, pair: { companyId: number }) => seesOwned(actor, 'company', pair.companyId);

export type PairParty = OwnedParty;
/** `new`: not recorded yet; a pair runs until the senior's part time ends, then has ended. */
export type PairStatus = 'new' | 'running' | 'ended';
export type PairAction = 'record' | 'edit';

/** The employer of both people is the pair's owner. */
export const pairParty = (actor: Actor, pair: { companyId: number } | null): PairParty => ownedParty(actor, 'company', pair?.companyId ?? null);

export const pairStatus = (pair: { endDate: string } | null, today: string): PairStatus => (!pair ? 'new' : pair.endDate < today ? 'ended' : 'running');

/** The employer of both people and the secretariat record pairs and correct them, even once ended. */
export const PAIR_POLICY: PolicyTable<PairAction, PairParty, PairStatus, unknown> = {
  record: { parties: ['owner', 'secretariat'], statuses: ['new'] },
  edit: { parties: ['owner', 'secretariat'], statuses: ['running', 'ended'] },
};

export function assertPairPolicy(actor: Actor, action: PairAction, pair: { companyId: number; endDate: string } | null, today: string): void {
  assertPolicy(PAIR_POLICY, action, pairParty(actor, pair), pairStatus(pair, today), null);
}

export const pairActions = (actor: Actor, pair: { companyId: number; endDate: string }, today: string): PairAction[] =>
  allowedActions(PAIR_POLICY, pairParty(actor, pair), pairStatus(pair, today), null);

export const mayWritePairs = (actor: Actor): boolean => allowedActions(PAIR_POLICY, pairParty(actor, null), 'new', null).includes('record');
