import type { Actor, OrganisationKind } from '../platform/identity/roles.js';

/** Where an actor stands towards a record one organisation owns (a company's pair, an agency's pathway). */
export type OwnedParty = 'owner' | 'secretariat' | 'overseer' | 'reader' | 'stranger';

/** `owner === null`: a record not written yet, which the actor's own organisation would own. */
export function ownedParty(actor: Actor, ownerKind: OrganisationKind, owner: number | null): OwnedParty {
  if (actor.role === 'reader') return 'reader';
  if (actor.organisationKind === ownerKind) return owner === null || owner === actor.organisationId ? 'owner' : 'stranger';
  if (actor.organisationKind === 'secretariat') return 'secretariat';
  return actor.organisationKind === 'state' || actor.organisationKind === 'region' ? 'overseer' : 'stranger';
}
