import { snapshotOn, type ParameterSource } from '../../acteII/parameters.js';
import type { RuleIssue } from '../../measures/ruleIssue.js';
import { checkTempEligibility } from './eligibility.js';
import { checkExperimentWindow, validatePeriods } from './periods.js';
import type { TempPathwayInput } from './types.js';

/** Every breach of a temp worker's pathway, judged under the parameters in force at entry. */
export function checkTempPathway(input: TempPathwayInput, params: ParameterSource): RuleIssue[] {
  const snapshot = snapshotOn(params, input.entryDate);
  return [
    ...checkTempEligibility(input.participant),
    ...validatePeriods(input.periods),
    ...checkExperimentWindow(input.entryDate, input.periods, snapshot),
  ];
}
