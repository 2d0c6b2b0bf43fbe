import type { ActeIIParameters } from '../../acteII/parameters.js';
import { roundHalfAwayFromZero } from '../../shared/money.js';
import { calendarLength, lengthHoursHundredths, whatIsMeasured } from './duration.js';
import {
  formatHoursHundredths,
  formatPercentBp,
  hoursToHundredths,
  issue,
  type RuleIssue,
} from '../../measures/ruleIssue.js';
import type { ProContractInput } from './types.js';

export interface TrainingShare {
  /** Length of the contract (or action) in hundredths of an hour, see lengthHoursHundredths. */
  lengthHundredths: number;
  trainingHundredths: number;
  /** Share of training in the length, in basis points, rounded (for display: comparisons are exact). */
  shareBp: number;
}

/** Length and training share of the contract (or action), in hundredths of hours and basis points. */
export function trainingShare(
  input: Pick<ProContractInput, 'startDate' | 'endDate' | 'trainingHours'>,
  params: Pick<ActeIIParameters, 'proContract'>,
): TrainingShare {
  const length = calendarLength(input.startDate, input.endDate);
  const lengthHundredths = lengthHoursHundredths(length, params);
  const trainingHundredths = hoursToHundredths(input.trainingHours);
  const shareBp = lengthHundredths === 0 ? 0 : roundHalfAwayFromZero((trainingHundredths * 10_000) / lengthHundredths);
  return { lengthHundredths, trainingHundredths, shareBp };
}

/**
 * Training (evaluation, support and teaching) between 15 % and 25 % of the length of the
 * contract or action, and never below 150 h; above 25 % only when a branch agreement allows it.
 * Comparisons are made on exact integers (hours in hundredths × 10 000), so 25 % is accepted
 * and 25,01 % is not.
 */
export function checkTrainingShare(
  input: Pick<ProContractInput, 'contractType' | 'startDate' | 'endDate' | 'trainingHours' | 'branchAllowsTrainingAbove25'>,
  params: Pick<ActeIIParameters, 'proContract'>,
): RuleIssue[] {
  const { trainingMinShareBp, trainingMaxShareBp, trainingMinHours } = params.proContract;
  const length = calendarLength(input.startDate, input.endDate);
  const { lengthHundredths, trainingHundredths, shareBp } = trainingShare(input, params);
  const issues: RuleIssue[] = [];
  const field = 'trainingHours';
  if (trainingHundredths <= 0) {
    issues.push(issue('PRO_TRAINING_HOURS_MISSING', field, 'Le nombre d’heures de formation doit être supérieur à zéro.'));
    return issues;
  }
  if (lengthHundredths === 0) return issues;

  const { monthlyHoursHundredths, dailyHoursHundredths } = params.proContract;
  const formula =
    `${length.months} mois × ${formatHoursHundredths(monthlyHoursHundredths)}` +
    (length.days > 0 ? ` + ${length.days} jour${length.days > 1 ? 's' : ''} × ${formatHoursHundredths(dailyHoursHundredths)}` : '');
  const basis = `${formatHoursHundredths(trainingHundredths)} de formation sur ${formatHoursHundredths(lengthHundredths)} (${formula}), soit ${formatPercentBp(shareBp)}`;
  const what = whatIsMeasured(input.contractType).replace(/^L’action/, 'de l’action').replace(/^Le CDD/, 'du CDD');

  if (trainingHundredths < trainingMinHours * 100) {
    issues.push(
      issue(
        'PRO_TRAINING_BELOW_150_HOURS',
        field,
        `${basis} : la formation doit compter au moins ${trainingMinHours} h.`,
      ),
    );
  }
  if (trainingHundredths * 10_000 < trainingMinShareBp * lengthHundredths) {
    const minimum = Math.ceil((trainingMinShareBp * lengthHundredths) / 10_000);
    issues.push(
      issue(
        'PRO_TRAINING_SHARE_TOO_LOW',
        field,
        `${basis} : la formation doit représenter au moins ${formatPercentBp(trainingMinShareBp)} de la durée ${what}, soit ${formatHoursHundredths(minimum)}.`,
      ),
    );
  }
  if (trainingHundredths > lengthHundredths) {
    issues.push(issue('PRO_TRAINING_EXCEEDS_LENGTH', field, `${basis} : la formation dépasse la durée ${what}.`));
  } else if (trainingHundredths * 10_000 > trainingMaxShareBp * lengthHundredths && !input.branchAllowsTrainingAbove25) {
    const maximum = Math.floor((trainingMaxShareBp * lengthHundredths) / 10_000);
    issues.push(
      issue(
        'PRO_TRAINING_SHARE_TOO_HIGH',
        field,
        `${basis} : au-delà de ${formatPercentBp(trainingMaxShareBp)} (${formatHoursHundredths(maximum)}), il faut un accord de branche le permettant.`,
      ),
    );
  }
  return issues;
}
