import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import { invalid, invalidMany, notFound } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { recordHistory } from '../platform/history/history.js';
import { issue, type RuleIssue } from './rules/index.js';
import type { ContractBody, FollowUpBody, TutorBody } from './contractSchema.js';
import { assertContractPolicy, seesContract } from './contractPolicy.js';
import { insertTutor, saveFollowUp, type TutorRow } from './contractRepository.js';
import { issuesToFields, recordContract, resolveCompany, type Recorded } from './contractRecording.js';
import { notYours, signedIn } from '../measures/refusals.js';

/** Every C.Pro write is one of these actions, run by routes, imports and the demo alike. */

const now = (scope: ActionScope) => new Date(scope.at);

/** The contract as the actor may write it: unseen answers 404, seen but not writable 403. */
async function writableContract(scope: ActionScope, actor: Actor, id: number, action: 'edit' | 'followUp') {
  const row = await scope.trx.selectFrom('proContracts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !seesContract(actor, row)) throw notFound('Contrat de professionnalisation');
  assertContractPolicy(actor, action, row, now(scope));
  return row;
}

export const recordNewContract = defineAction<{ body: ContractBody; isImported?: boolean }, Recorded>({
  name: 'proContract.record',
  async run(scope, { body, isImported }) {
    const actor = signedIn(scope);
    assertContractPolicy(actor, 'record', null, now(scope));
    return recordContract(scope, actor, body, { isImported });
  },
});

export const editContract = defineAction<{ id: number; version: number; body: ContractBody }, Recorded>({
  name: 'proContract.edit',
  locks: (input) => [{ table: 'proContracts', ids: [input.id] }],
  async run(scope, { id, version, body }) {
    const actor = signedIn(scope);
    const current = await writableContract(scope, actor, id, 'edit');
    if (actor.organisationKind !== 'company' && body.companyId !== undefined && body.companyId !== current.companyId) {
      throw invalid('companyId', 'L’employeur d’un contrat ne change pas ; enregistrez un nouveau contrat.');
    }
    return recordContract(scope, actor, body, { existing: { row: current, version } });
  },
});

/** The follow-up: an early end (with its reason), the certification, the situation at exit and six months later. */
export const recordFollowUp = defineAction<{ id: number; body: FollowUpBody }, void>({
  name: 'proContract.followUp',
  locks: (input) => [{ table: 'proContracts', ids: [input.id] }],
  async run(scope, { id, body }) {
    const actor = signedIn(scope);
    const current = await writableContract(scope, actor, id, 'followUp');
    const issues: RuleIssue[] = [];
    const actualEnd = body.actualEndDate === undefined ? current.actualEndDate : body.actualEndDate;
    const endReason = body.endReason === undefined ? current.endReason : body.endReason;
    if (actualEnd && (actualEnd < current.startDate || actualEnd > current.endDate)) {
      issues.push(issue('PRO_ACTUAL_END_OUT_OF_CONTRACT', 'actualEndDate', `La fin anticipée doit se situer entre le début (${current.startDate}) et la fin prévue (${current.endDate}) du contrat.`));
    }
    if (actualEnd && !endReason) issues.push(issue('PRO_END_REASON_MISSING', 'endReason', 'Indiquez le motif de la fin anticipée.'));
    if (actualEnd && endReason === 'term') issues.push(issue('PRO_END_REASON_TERM', 'endReason', 'Une fin anticipée ne peut pas avoir pour motif l’arrivée au terme.'));
    if (issues.length) throw invalidMany(issuesToFields(issues));
    await saveFollowUp(scope.trx, current, body, scope.at);
    const { version: _v, ...changes } = body;
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'proContract', entityId: current.id, action: 'followUp', changes });
  },
});

/**
 * A fund funds a company when it finances one of its contracts or one of its requests to the
 * weekly cell: only then may it declare the company's tutors (issue of integrity: a fund must
 * not add people to a company it has nothing to do with).
 */
async function fundFinances(scope: ActionScope, fundId: number, companyId: number): Promise<boolean> {
  const [contract, request] = await Promise.all([
    scope.trx.selectFrom('proContracts').select('id').where('companyId', '=', companyId).where('trainingFundId', '=', fundId).limit(1).executeTakeFirst(),
    scope.trx.selectFrom('fundingRequests').select('id').where('companyId', '=', companyId).where('trainingFundId', '=', fundId).limit(1).executeTakeFirst(),
  ]);
  return !!(contract || request);
}

export const declareTutor = defineAction<{ body: TutorBody }, TutorRow>({
  name: 'tutor.declare',
  async run(scope, { body }) {
    const actor = signedIn(scope);
    assertContractPolicy(actor, 'declareTutor', null, now(scope));
    const companyId = await resolveCompany(scope.trx, actor, body.companyId, 'ne déclare que ses propres tuteurs');
    if (actor.organisationKind === 'training_fund' && !(await fundFinances(scope, actor.organisationId, companyId))) {
      throw notYours('companyId', 'Un OPCA ne déclare de tuteur que pour les entreprises qu’il finance (un contrat ou une demande financés par lui).');
    }
    const tutor = await insertTutor(scope.trx, companyId, body, scope.at);
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'tutor', entityId: tutor.id, action: 'created', changes: { name: `${tutor.firstName} ${tutor.lastName}` } });
    return tutor;
  },
});
