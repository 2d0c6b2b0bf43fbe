import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';

/** A company sees its pairs; the State, the Region and the secretariat all; readers only counters. */
export type PairScope = { kind: 'all' } | { kind: 'company'; organisationId: number } | null;

export function pairScope(actor: Actor): PairScope {
  if (!can.readFiles(actor)) return null;
  if (actor.organisationKind === 'company') return { kind: 'company', organisationId: actor.organisationId };
  if (['state', 'region', 'secretariat'].includes(actor.organisationKind)) return { kind: 'all' };
  return null;
}

export function requirePairListScope(actor: Actor): Exclude<PairScope, null> {
  const scope = pairScope(actor);
  if (!scope) throw forbidden('de consulter les binômes individuels : les compteurs présentent les chiffres agrégés');
  return scope;
}

export function seesPair(actor: Actor, pair: { companyId: number }): boolean {
  const scope = pairScope(actor);
  return !!scope && (scope.kind === 'all' || scope.organisationId === pair.companyId);
}

export function mayWritePairs(actor: Actor): boolean {
  return actor.role !== 'reader' && ['company', 'secretariat'].includes(actor.organisationKind);
}
