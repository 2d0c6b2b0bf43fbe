import type { Row } from '../platform/db/schema.js';
import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';
import { allowedActions, assertPolicy, type PolicyTable } from '../platform/actions/policy.js';
import { todayIso } from '../shared/dates.js';

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

/** Where the actor stands towards a contract (or towards contracts not recorded yet). */
export type ContractParty = 'employer' | 'fund' | 'secretariat' | 'overseer' | 'reader' | 'stranger';
/** `new`: a contract (or tutor) not recorded yet; a recorded contract runs until its actual or planned end. */
export type ContractStatus = 'new' | 'running' | 'ended';
export type ContractAction = 'record' | 'edit' | 'followUp' | 'declareTutor';

export function contractParty(actor: Actor, contract: { companyId: number; trainingFundId: number } | null): ContractParty {
  if (actor.role === 'reader') return 'reader';
  switch (actor.organisationKind) {
    case 'company': return !contract || contract.companyId === actor.organisationId ? 'employer' : 'stranger';
    case 'training_fund': return !contract || contract.trainingFundId === actor.organisationId ? 'fund' : 'stranger';
    case 'secretariat': return 'secretariat';
    case 'state': case 'region': return 'overseer';
    default: return 'stranger';
  }
}

export function contractStatus(contract: Pick<Row<'proContracts'>, 'endDate' | 'actualEndDate'> | null, today: string): ContractStatus {
  if (!contract) return 'new';
  return (contract.actualEndDate ?? contract.endDate) < today ? 'ended' : 'running';
}

const WRITERS = ['employer', 'fund', 'secretariat'] as const;

/**
 * The C.Pro workflow: the employer, its fund and the secretariat record and follow contracts;
 * the State and the Region read. A contract stays editable after its end, for corrections and
 * the follow-up six months later.
 */
export const CONTRACT_POLICY: PolicyTable<ContractAction, ContractParty, ContractStatus, unknown> = {
  record: { parties: WRITERS, statuses: ['new'] },
  declareTutor: { parties: WRITERS, statuses: ['new'] },
  edit: { parties: WRITERS, statuses: ['running', 'ended'] },
  followUp: { parties: WRITERS, statuses: ['running', 'ended'] },
};

export function assertContractPolicy(actor: Actor, action: ContractAction, contract: Row<'proContracts'> | null, now: Date): void {
  assertPolicy(CONTRACT_POLICY, action, contractParty(actor, contract), contractStatus(contract, todayIso(now)), null);
}

/** What the actor may do on this contract now, as the API will accept it. */
export function contractActions(actor: Actor, contract: Row<'proContracts'>, today: string): ContractAction[] {
  return allowedActions(CONTRACT_POLICY, contractParty(actor, contract), contractStatus(contract, today), null);
}

/** Whether the actor may record contracts at all (the list page's « Enregistrer » button, the import). */
export const mayWriteContracts = (actor: Actor): boolean => allowedActions(CONTRACT_POLICY, contractParty(actor, null), 'new', null).includes('record');
