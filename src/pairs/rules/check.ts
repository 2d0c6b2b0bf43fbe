import { snapshotOn, type ParameterSource } from '../../acteII/parameters.js';
import type { RuleIssue } from '../../measures/ruleIssue.js';
import { checkJunior, checkPairTerms, checkSeniorEligibility } from './eligibility.js';
import type { PairInput } from './types.js';

/** Every breach of an intergenerational pair, judged under the parameters in force at its start. */
export function checkPair(input: PairInput, params: ParameterSource): RuleIssue[] {
  const snapshot = snapshotOn(params, input.startDate);
  return [
    ...checkSeniorEligibility(input.senior, input.startDate, snapshot),
    ...checkJunior(input.junior),
    ...checkPairTerms(input, snapshot),
  ];
}
