import type { Actor } from '../platform/identity/roles.js';
import { mayWriteOwned, ownerScope, requireOwnerListScope, seesOwned } from '../platform/identity/ownerScope.js';

/** Pathways belong to the temp agency that runs them. */
export const pathwayScope = (actor: Actor) => ownerScope(actor, 'temp_agency');
export const requirePathwayListScope = (actor: Actor) => requireOwnerListScope(actor, 'temp_agency', 'parcours');
export const seesPathway = (actor: Actor, pathway: { agencyId: number }) => seesOwned(actor, 'temp_agency', pathway.agencyId);
export const mayWritePathways = (actor: Actor) => mayWriteOwned(actor, 'temp_agency');
