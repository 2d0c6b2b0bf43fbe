import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';

/**
 * Who sees which C.Pro: the employer its own, a training fund the contracts it funds, the
 * State, the Region and the secretariat all of them. Readers and social partners see
 * counters only. Anyone else gets "not found" on a contract, as for an unknown id.
 */
export type ContractScope = { kind: 'all' } | { kind: 'company' | 'fund'; organisationId: number } | null;

export function contractScope(actor: Actor): ContractScope {
  if (!can.readFiles(actor)) return null;
  switch (actor.organisationKind) {
    case 'company': return { kind: 'company', organisationId: actor.organisationId };
    case 'training_fund': return { kind: 'fund', organisationId: actor.organisationId };
    case 'state': case 'region': case 'secretariat': return { kind: 'all' };
    default: return null;
  }
}

export function requireListScope(actor: Actor): Exclude<ContractScope, null> {
  const scope = contractScope(actor);
  if (!scope) throw forbidden('de consulter les contrats individuels : les compteurs présentent les chiffres agrégés');
  return scope;
}

export function seesContract(actor: Actor, contract: { companyId: number; trainingFundId: number }): boolean {
  const scope = contractScope(actor);
  if (!scope) return false;
  if (scope.kind === 'all') return true;
  return scope.kind === 'company' ? contract.companyId === scope.organisationId : contract.trainingFundId === scope.organisationId;
}

/** The employer, its fund and the secretariat record and follow contracts; the State and the Region read. */
export function mayWriteContracts(actor: Actor): boolean {
  if (actor.role === 'reader') return false;
  return ['company', 'training_fund', 'secretariat'].includes(actor.organisationKind);
}
