import type { Actor } from '../platform/identity/roles.js';
import { ownerScope, requireOwnerListScope, seesOwned } from '../platform/identity/ownerScope.js';
import { allowedActions, assertPolicy, type PolicyTable } from '../platform/actions/policy.js';
import { ownedParty, type OwnedParty } from '../measures/parties.js';

/** Pathways belong to the temp agency that runs them. */
export const pathwayScope = (actor: Actor) => ownerScope(actor, 'temp_agency');
export const requirePathwayListScope = (actor: Actor) => requireOwnerListScope(actor, 'temp_agency', 'parcours');
export const seesPathway = (actor: Actor, pathway: { agencyId: number }) => seesOwned(actor, 'temp_agency', pathway.agencyId);

export type PathwayParty = OwnedParty;
/** `new`: not recorded yet; then running until the exit is recorded. */
export type PathwayStatus = 'new' | 'running' | 'exited';
export type PathwayAction = 'record' | 'edit' | 'exit';

/** The agency that runs a pathway is its owner. */
export const pathwayParty = (actor: Actor, pathway: { agencyId: number } | null): PathwayParty => ownedParty(actor, 'temp_agency', pathway?.agencyId ?? null);

export const pathwayStatus = (pathway: { exitDate: string | null } | null): PathwayStatus => (!pathway ? 'new' : pathway.exitDate ? 'exited' : 'running');

/**
 * The temp pathway workflow: the agency that runs it and the secretariat record, edit and
 * close it; an exit already recorded may be corrected (date or situation).
 */
export const PATHWAY_POLICY: PolicyTable<PathwayAction, PathwayParty, PathwayStatus, unknown> = {
  record: { parties: ['owner', 'secretariat'], statuses: ['new'] },
  edit: { parties: ['owner', 'secretariat'], statuses: ['running', 'exited'] },
  exit: { parties: ['owner', 'secretariat'], statuses: ['running', 'exited'] },
};

export function assertPathwayPolicy(actor: Actor, action: PathwayAction, pathway: { agencyId: number; exitDate: string | null } | null): void {
  assertPolicy(PATHWAY_POLICY, action, pathwayParty(actor, pathway), pathwayStatus(pathway), null);
}

export const pathwayActions = (actor: Actor, pathway: { agencyId: number; exitDate: string | null }): PathwayAction[] =>
  allowedActions(PATHWAY_POLICY, pathwayParty(actor, pathway), pathwayStatus(pathway), null);

export const mayWritePathways = (actor: Actor): boolean => allowedActions(PATHWAY_POLICY, pathwayParty(actor, null), 'new', null).includes('record');
