import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';

/** An agency sees its pathways; the State, the Region and the secretariat all; readers only counters. */
export type PathwayScope = { kind: 'all' } | { kind: 'agency'; organisationId: number } | null;

export function pathwayScope(actor: Actor): PathwayScope {
  if (!can.readFiles(actor)) return null;
  if (actor.organisationKind === 'temp_agency') return { kind: 'agency', organisationId: actor.organisationId };
  if (['state', 'region', 'secretariat'].includes(actor.organisationKind)) return { kind: 'all' };
  return null;
}

export function requirePathwayListScope(actor: Actor): Exclude<PathwayScope, null> {
  const scope = pathwayScope(actor);
  if (!scope) throw forbidden('de consulter les parcours individuels : les compteurs présentent les chiffres agrégés');
  return scope;
}

export function seesPathway(actor: Actor, pathway: { agencyId: number }): boolean {
  const scope = pathwayScope(actor);
  return !!scope && (scope.kind === 'all' || scope.organisationId === pathway.agencyId);
}

export function mayWritePathways(actor: Actor): boolean {
  return actor.role !== 'reader' && ['temp_agency', 'secretariat'].includes(actor.organisationKind);
}
