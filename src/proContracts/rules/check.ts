import { snapshotOn, type ParameterSource } from '../../acteII/parameters.js';
import { checkDuration } from './duration.js';
import { checkProEligibility } from './eligibility.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';
import { checkPay } from './payFloor.js';
import { checkTrainingShare } from './trainingShare.js';
import { checkTutor } from './tutor.js';
import type { ProContractInput } from './types.js';

/**
 * Every breach of a C.Pro at once, judged under the law in force at its start date. With the
 * dated lists, the pay floors also follow the SMIC revaluations during the contract.
 * Throws only NoParameterInForce (no law known for that date), never for a business breach.
 */
export function checkProContract(input: ProContractInput, params: ParameterSource): RuleIssue[] {
  const snapshot = snapshotOn(params, input.startDate);
  const issues: RuleIssue[] = [
    ...checkProEligibility(input.trainee, input.startDate, snapshot),
    ...checkDuration(input, snapshot),
  ];
  if (input.endDate >= input.startDate) {
    issues.push(...checkTrainingShare(input, snapshot), ...checkPay(input, params), ...checkTutor(input, snapshot));
  }
  if (input.reservedForPair && input.contractType !== 'CDI') {
    issues.push(
      issue(
        'PRO_PAIR_JUNIOR_NOT_CDI',
        'contractType',
        'Un contrat compté dans la réserve des binômes intergénérationnels doit être conclu en CDI (action de professionnalisation en début de CDI).',
      ),
    );
  }
  return issues;
}
