import { forbidden } from '../http/errors.js';
import { can, type Actor, type OrganisationKind } from './roles.js';

/**
 * Records that belong to one organisation (a company's pairs, an agency's pathways):
 * the owner sees its own, the State, the Region and the secretariat see all, readers
 * only the counters. `kind: 'owner'` carries the owner's organisation id.
 */
export type OwnerScope = { kind: 'all' } | { kind: 'owner'; organisationId: number } | null;

const OVERSEERS: readonly OrganisationKind[] = ['state', 'region', 'secretariat'];

export function ownerScope(actor: Actor, ownerKind: OrganisationKind): OwnerScope {
  if (!can.readFiles(actor)) return null;
  if (actor.organisationKind === ownerKind) return { kind: 'owner', organisationId: actor.organisationId };
  if (OVERSEERS.includes(actor.organisationKind)) return { kind: 'all' };
  return null;
}

export function requireOwnerListScope(actor: Actor, ownerKind: OrganisationKind, records: string): Exclude<OwnerScope, null> {
  const scope = ownerScope(actor, ownerKind);
  if (!scope) throw forbidden(`de consulter les ${records} individuels : les compteurs présentent les chiffres agrégés`);
  return scope;
}

export function seesOwned(actor: Actor, ownerKind: OrganisationKind, ownerId: number): boolean {
  const scope = ownerScope(actor, ownerKind);
  return !!scope && (scope.kind === 'all' || scope.organisationId === ownerId);
}
