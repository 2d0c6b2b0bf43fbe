import { invalid } from '../platform/http/errors.js';
import type { Row } from '../platform/db/schema.js';
import { ACTE_II_PARAMETERS, pairRulesOn, type ActeIIParameterLists } from '../acteII/parameters.js';
import { NoParameterInForce } from '../shared/validity.js';
import type { RuleIssue } from '../measures/ruleIssue.js';
import type { ContractType } from '../proContracts/rules/types.js';
import { checkPair, pairSchedule, type PairInput } from './rules/index.js';
import type { PairBody } from './pairSchema.js';

/** The junior's C.Pro as a pair reads it. */
export interface JuniorContract { id: number; reference: string; companyId: number; contractType: string; isReservedForPair: boolean }

/** What the rules take: the pair's company is the junior's, the senior being its employee too. */
export function pairRuleInput(body: Omit<PairBody, 'juniorContractId' | 'senior'> & { senior: { expectedRetirementDate: string } }, junior: JuniorContract): PairInput {
  return {
    senior: { personId: 'senior', companyId: String(junior.companyId), expectedRetirementDate: body.senior.expectedRetirementDate },
    junior: { personId: `junior-${junior.id}`, companyId: String(junior.companyId), contractType: junior.contractType as ContractType, reservedForPair: junior.isReservedForPair },
    startDate: body.startDate, endDate: body.endDate, fullTimeSalaryCents: body.fullTimeSalaryCents,
    activityBp: body.activityBp, payBp: body.payBp, writtenAgreement: body.writtenAgreement,
    employerPaysEmployeeSupplement: body.employerPaysEmployeeSupplement ?? false,
  };
}

export function storedPairInput(row: Row<'pairs'>, junior: JuniorContract): PairInput {
  return pairRuleInput({
    senior: { expectedRetirementDate: row.expectedRetirementDate }, startDate: row.startDate, endDate: row.endDate,
    fullTimeSalaryCents: row.fullTimeSalaryCents, activityBp: row.activityBp, payBp: row.payBp, writtenAgreement: row.hasWrittenAgreement,
    employerPaysEmployeeSupplement: row.isEmployerPayingSupplement,
  }, junior);
}

/** A day without known law is the user's date problem, answered on the start date. */
export function withKnownLaw<T>(run: () => T, what = 'Aucune règle des binômes n’est connue'): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof NoParameterInForce) throw invalid('startDate', `${what} au ${error.day} : vérifiez les dates du binôme.`);
    throw error;
  }
}

export const judgePair = (input: PairInput): RuleIssue[] => withKnownLaw(() => checkPair(input, ACTE_II_PARAMETERS));

/** The month-by-month schedule, each month under its own parameters. */
export const scheduleOf = (input: PairInput) => withKnownLaw(() => pairSchedule(input, ACTE_II_PARAMETERS), 'Aucun taux de cotisation ou plafond n’est connu');

/**
 * Activity and pay shares stored with a pair: as given, or the defaults of the pairs' rules in
 * force at the pair's start — not the first version ever written.
 */
export function pairShares(body: Pick<PairBody, 'startDate' | 'activityBp' | 'payBp'>, lists: ActeIIParameterLists = ACTE_II_PARAMETERS): { activityBp: number; payBp: number } {
  const rules = withKnownLaw(() => pairRulesOn(body.startDate, lists));
  return { activityBp: body.activityBp ?? rules.defaultActivityBp, payBp: body.payBp ?? rules.defaultPayBp };
}
