import type { Actor } from '../platform/identity/roles.js';
import { mayWriteOwned, ownerScope, requireOwnerListScope, seesOwned } from '../platform/identity/ownerScope.js';

/** Pairs belong to the company that employs both people. */
export const pairScope = (actor: Actor) => ownerScope(actor, 'company');
export const requirePairListScope = (actor: Actor) => requireOwnerListScope(actor, 'company', 'binômes');
export const seesPair = (actor: Actor, pair: { companyId: number }) => seesOwned(actor, 'company', pair.companyId);
export const mayWritePairs = (actor: Actor) => mayWriteOwned(actor, 'company');
