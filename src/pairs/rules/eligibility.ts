import { addMonths, formatDateFr, type IsoDate } from '../../shared/dates.js';
import type { ActeIIParameters } from '../../acteII/parameters.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';
import { formatPercentBp } from '../../measures/ruleIssue.js';
import type { PairInput, PairJunior, PairSenior } from './types.js';

/**
 * A senior joins a pair in the last two years before retirement: expected retirement after the
 * pair's start and no later than the same day two years on (start 1 Oct 2011 → retirement
 * 1 Oct 2013 at the latest).
 */
export function checkSeniorEligibility(
  senior: PairSenior,
  pairStart: IsoDate,
  params: Pick<ActeIIParameters, 'pairs'>,
): RuleIssue[] {
  const months = params.pairs.seniorWindowMonths;
  const latest = addMonths(pairStart, months);
  const retirement = senior.expectedRetirementDate;
  const field = 'senior.expectedRetirementDate';
  if (retirement <= pairStart) {
    return [
      issue(
        'PAIR_SENIOR_ALREADY_RETIRED',
        field,
        `Le départ en retraite prévu (${formatDateFr(retirement)}) n’est pas postérieur au début du binôme (${formatDateFr(pairStart)}).`,
      ),
    ];
  }
  if (retirement > latest) {
    return [
      issue(
        'PAIR_SENIOR_TOO_FAR_FROM_RETIREMENT',
        field,
        `Le départ en retraite prévu le ${formatDateFr(retirement)} est à plus de ${months / 12} ans du début du binôme (${formatDateFr(pairStart)}) : il devrait avoir lieu au plus tard le ${formatDateFr(latest)}.`,
      ),
    ];
  }
  return [];
}

/** The junior is a C.Pro in CDI counted in the reserved part of the Acte II quota. */
export function checkJunior(junior: PairJunior): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (junior.contractType !== 'CDI') {
    issues.push(
      issue('PAIR_JUNIOR_NOT_CDI', 'junior.contractType', `Le jeune du binôme doit être en contrat de professionnalisation en CDI (${junior.contractType} indiqué).`),
    );
  }
  if (!junior.reservedForPair) {
    issues.push(
      issue(
        'PAIR_JUNIOR_NOT_RESERVED',
        'junior.reservedForPair',
        'Le contrat de professionnalisation du jeune doit être compté dans les 1 000 contrats réservés aux binômes intergénérationnels.',
      ),
    );
  }
  return issues;
}

/** Everything about the pair itself: same company, dates, rates, written agreement. */
export function checkPairTerms(input: PairInput, params: Pick<ActeIIParameters, 'pairs'>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (input.senior.companyId !== input.junior.companyId) {
    issues.push(issue('PAIR_DIFFERENT_COMPANIES', 'junior.companyId', 'Le senior et le jeune du binôme doivent être salariés de la même entreprise.'));
  }
  if (input.endDate < input.startDate) {
    issues.push(
      issue('PAIR_END_BEFORE_START', 'endDate', `La fin du binôme (${formatDateFr(input.endDate)}) précède son début (${formatDateFr(input.startDate)}).`),
    );
  } else if (input.endDate >= input.senior.expectedRetirementDate && input.senior.expectedRetirementDate > input.startDate) {
    issues.push(
      issue(
        'PAIR_ENDS_AFTER_RETIREMENT',
        'endDate',
        `Le binôme se termine le ${formatDateFr(input.endDate)}, alors que le senior doit partir en retraite le ${formatDateFr(input.senior.expectedRetirementDate)}.`,
        'warning',
      ),
    );
  }
  const activityBp = input.activityBp ?? params.pairs.defaultActivityBp;
  const payBp = input.payBp ?? params.pairs.defaultPayBp;
  if (!(activityBp > 0 && activityBp < 10_000)) {
    issues.push(issue('PAIR_ACTIVITY_NOT_PART_TIME', 'activityBp', `Le senior doit être à temps partiel (${formatPercentBp(activityBp)} indiqué).`));
  }
  if (payBp > 10_000) {
    issues.push(issue('PAIR_PAY_ABOVE_FULL_TIME', 'payBp', `La rémunération (${formatPercentBp(payBp)}) ne peut pas dépasser le salaire à temps plein.`));
  } else if (payBp < activityBp) {
    issues.push(
      issue(
        'PAIR_PAY_BELOW_ACTIVITY',
        'payBp',
        `La rémunération (${formatPercentBp(payBp)} du temps plein) ne peut pas être inférieure au temps de travail (${formatPercentBp(activityBp)}).`,
      ),
    );
  }
  if (input.fullTimeSalaryCents <= 0) {
    issues.push(issue('PAIR_FULL_TIME_SALARY_MISSING', 'fullTimeSalaryCents', 'Indiquez le salaire de référence à temps plein fixé dans l’accord.'));
  }
  if (!input.writtenAgreement) {
    issues.push(
      issue(
        'PAIR_WRITTEN_AGREEMENT_MISSING',
        'writtenAgreement',
        'Cotiser sur la base d’un temps plein suppose un accord écrit entre l’employeur et le senior (article L241-3-1 du code de la sécurité sociale).',
      ),
    );
  }
  return issues;
}
