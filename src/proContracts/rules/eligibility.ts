import { ageOn, formatDateFr, type IsoDate } from '../../shared/dates.js';
import type { ActeIIParameters } from '../../acteII/parameters.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';
import { PRIORITY_PUBLIC_LABELS, type Trainee } from './types.js';

export type EligibilityGround = 'age16To25' | 'jobSeeker26Plus' | 'priorityPublic';

export interface ProEligibility {
  eligible: boolean;
  ageAtStart: number;
  ground: EligibilityGround | null;
  issues: RuleIssue[];
}

/** RSA/ASS/AAH/after-CUI publics: open at any age from 16. */
export function isPriorityPublicMember(trainee: Pick<Trainee, 'publics'>): boolean {
  return trainee.publics.length > 0;
}

/**
 * Public of L6325-1: 16–25 (until the day before the 26th birthday), job seekers aged 26+,
 * RSA/ASS/AAH/after-CUI publics at any age from 16. Age is judged on the start date.
 */
export function proEligibility(
  trainee: Trainee,
  startDate: IsoDate,
  params: Pick<ActeIIParameters, 'proContract'>,
): ProEligibility {
  const { minAge, youthMaxAge } = params.proContract;
  const age = ageOn(trainee.birthDate, startDate);
  const at = `au début du contrat (${formatDateFr(startDate)})`;
  if (age < minAge) {
    return {
      eligible: false,
      ageAtStart: age,
      ground: null,
      issues: [
        issue(
          'PRO_TRAINEE_TOO_YOUNG',
          'trainee.birthDate',
          `Le contrat de professionnalisation est ouvert à partir de ${minAge} ans ; la personne a ${age} ans ${at}.`,
        ),
      ],
    };
  }
  if (age <= youthMaxAge) return { eligible: true, ageAtStart: age, ground: 'age16To25', issues: [] };
  if (isPriorityPublicMember(trainee)) return { eligible: true, ageAtStart: age, ground: 'priorityPublic', issues: [] };
  if (trainee.jobSeeker) return { eligible: true, ageAtStart: age, ground: 'jobSeeker26Plus', issues: [] };
  const publics = Object.values(PRIORITY_PUBLIC_LABELS).join(', ');
  return {
    eligible: false,
    ageAtStart: age,
    ground: null,
    issues: [
      issue(
        'PRO_TRAINEE_NOT_ELIGIBLE',
        'trainee.jobSeeker',
        `La personne a ${age} ans ${at} : à partir de ${youthMaxAge + 1} ans, le contrat de professionnalisation est réservé aux demandeurs d’emploi et aux publics prioritaires (${publics}).`,
      ),
    ],
  };
}

/** The eligibility breaches only (empty when eligible). */
export function checkProEligibility(
  trainee: Trainee,
  startDate: IsoDate,
  params: Pick<ActeIIParameters, 'proContract'>,
): RuleIssue[] {
  return proEligibility(trainee, startDate, params).issues;
}
