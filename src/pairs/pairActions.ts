import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import { invalid, invalidMany, notFound } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { recordHistory } from '../platform/history/history.js';
import { hasErrors, type RuleIssue } from '../measures/ruleIssue.js';
import { signedIn, takenMeanwhile, unknownFor } from '../measures/refusals.js';
import type { PairBody } from './pairSchema.js';
import { assertPairPolicy, seesPair } from './pairPolicy.js';
import { judgePair, pairRuleInput, scheduleOf, type JuniorContract } from './pairJudgement.js';
import { insertPair, juniorContract, pairOfJunior, updatePair } from './pairRepository.js';

type Recorded = { id: number; warnings: RuleIssue[] };
/** Where an imported pair comes from, for its history. */
export interface PairOrigin { filename: string; line: number; juniorReference: string }

const today = (scope: ActionScope) => scope.at.slice(0, 10);

/**
 * The junior's contract, visible to the actor (a company: its own) and in no other pair. The
 * contract's row is locked first (declared by the actions), so of two pairs naming the same
 * junior at once the second waits, then finds the first and is refused with a 409 — the unique
 * index on pairs.junior_contract_id stays the last word.
 */
async function freeJunior(scope: ActionScope, actor: Actor, contractId: number, excludePairId: number | null): Promise<JuniorContract> {
  const junior = await juniorContract(scope.trx, contractId);
  if (!junior || (actor.organisationKind === 'company' && junior.companyId !== actor.organisationId)) {
    throw unknownFor('juniorContractId', 'Contrat de professionnalisation inconnu pour cet employeur.');
  }
  const taken = await pairOfJunior(scope.trx, contractId, excludePairId);
  if (taken) throw takenMeanwhile('juniorContractId', `Ce contrat est déjà celui du jeune du binôme ${taken.reference}.`);
  return junior;
}

function judged(body: PairBody, junior: JuniorContract): RuleIssue[] {
  const input = pairRuleInput(body, junior);
  const issues = judgePair(input);
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    throw invalidMany(errors.map((i) => ({ path: i.field, message: i.message })), `Le binôme ne respecte pas ${errors.length} règle(s).`);
  }
  scheduleOf(input);
  return issues.filter((i) => i.severity === 'warning');
}

const summary = (body: PairBody) => ({ senior: `${body.senior.firstName} ${body.senior.lastName}`, juniorContractId: body.juniorContractId, startDate: body.startDate, endDate: body.endDate });

export const recordNewPair = defineAction<{ body: PairBody; origin?: PairOrigin }, Recorded>({
  name: 'pair.record',
  locks: (input) => [{ table: 'proContracts', ids: [input.body.juniorContractId] }],
  async run(scope, { body, origin }) {
    const actor = signedIn(scope);
    assertPairPolicy(actor, 'record', null, today(scope));
    const junior = await freeJunior(scope, actor, body.juniorContractId, null);
    const warnings = judged(body, junior);
    const id = await insertPair(scope.trx, body, junior.companyId, scope.at, actor.userId);
    await recordHistory(scope.trx, actor, scope.at, origin
      ? { entityType: 'pair', entityId: id, action: 'imported', motivation: `Import du fichier « ${origin.filename} », ligne ${origin.line}.`,
          changes: { file: origin.filename, line: origin.line, senior: summary(body).senior, juniorContract: origin.juniorReference, startDate: body.startDate, endDate: body.endDate } }
      : { entityType: 'pair', entityId: id, action: 'created', changes: { ...summary(body), ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}) } });
    return { id, warnings };
  },
});

export const editPair = defineAction<{ id: number; version: number; body: PairBody }, Recorded>({
  name: 'pair.edit',
  locks: (input) => [{ table: 'pairs', ids: [input.id] }],
  async run(scope, { id, version, body }) {
    const actor = signedIn(scope);
    const row = await scope.trx.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !seesPair(actor, row)) throw notFound('Binôme');
    assertPairPolicy(actor, 'edit', row, today(scope));
    await scope.lock({ table: 'proContracts', ids: [body.juniorContractId] });
    const junior = await freeJunior(scope, actor, body.juniorContractId, row.id);
    if (junior.companyId !== row.companyId) throw invalid('juniorContractId', 'Le jeune doit être salarié de la même entreprise que le senior.');
    const warnings = judged(body, junior);
    await updatePair(scope.trx, row.id, version, body, scope.at);
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'pair', entityId: row.id, action: 'edited', changes: { ...summary(body), ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}) } });
    return { id: row.id, warnings };
  },
});
