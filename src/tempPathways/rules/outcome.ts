import { formatDateFr, type IsoDate } from '../../shared/dates.js';
import type { ActeIIParameters } from '../../acteII/parameters.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';

/** Situation of the temp worker when leaving the pathway. */
export const TEMP_EXIT_OUTCOMES = [
  'cdi',
  'cdd',
  'cdiInterimaire',
  'continuedMissions',
  'training',
  'jobSeeker',
  'inactive',
] as const;
export type TempExitOutcome = (typeof TEMP_EXIT_OUTCOMES)[number];
export const TEMP_EXIT_OUTCOME_LABELS: Record<TempExitOutcome, string> = {
  cdi: 'CDI',
  cdd: 'CDD',
  cdiInterimaire: 'CDI intérimaire',
  continuedMissions: 'Poursuite de missions d’intérim',
  training: 'En formation',
  jobSeeker: 'Demandeur d’emploi',
  inactive: 'Inactif',
};

/** A CDI intérimaire cannot be the outcome of a pathway left before the scheme existed. */
export function checkTempExitOutcome(
  outcome: TempExitOutcome,
  exitDate: IsoDate,
  params: Pick<ActeIIParameters, 'tempPathways'>,
): RuleIssue[] {
  const from = params.tempPathways.cdiInterimaireFrom;
  if (outcome === 'cdiInterimaire' && exitDate < from) {
    return [
      issue(
        'TEMP_CDI_INTERIMAIRE_TOO_EARLY',
        'outcome',
        `Sortie le ${formatDateFr(exitDate)} : le CDI intérimaire n’existe que depuis le ${formatDateFr(from)}.`,
      ),
    ];
  }
  return [];
}
