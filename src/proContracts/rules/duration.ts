import { addDays, addMonths, daysBetween, formatDateFr, type IsoDate } from '../../shared/dates.js';
import type { ActeIIParameters } from '../../acteII/parameters.js';
import { issue, type RuleIssue } from '../../measures/ruleIssue.js';
import { EXTENDED_DURATION_REASON_LABELS, type ProContractInput } from './types.js';

/**
 * Last day of a period of `months` calendar months starting on `start` (both days included):
 * the day before the same day number `months` later (1 Sept 2012 + 12 months → 31 Aug 2013).
 * When that day does not exist (31 Jan + 1 month) the period ends on the last day of the month,
 * so that a period starting on the 29th, 30th or 31st is never shorter than one starting on the 28th.
 */
export function endOfMonths(start: IsoDate, months: number): IsoDate {
  const sameDay = addMonths(start, months);
  const clamped = Number(sameDay.slice(8)) < Number(start.slice(8));
  return clamped ? sameDay : addDays(sameDay, -1);
}

/** Length of [start, end] (both included) as whole calendar months plus remaining days. */
export interface CalendarLength {
  months: number;
  days: number;
}

export function calendarLength(start: IsoDate, end: IsoDate): CalendarLength {
  if (end < start) return { months: 0, days: 0 };
  let months = 0;
  while (endOfMonths(start, months + 1) <= end) months += 1;
  const lastFullDay = months === 0 ? addDays(start, -1) : endOfMonths(start, months);
  return { months, days: daysBetween(lastFullDay, end) };
}

/** Months started: a contract of 6 months and 3 days counts 7 (used to count monthly aids). */
export function startedMonths(length: CalendarLength): number {
  return length.months + (length.days > 0 ? 1 : 0);
}

export function formatLength(length: CalendarLength): string {
  const months = `${length.months} mois`;
  if (length.days === 0) return months;
  return `${months} et ${length.days} jour${length.days > 1 ? 's' : ''}`;
}

/**
 * Length in hours used for the training share, in hundredths of an hour:
 *   whole calendar months × 151,67 h (legal monthly time, 35 h × 52 / 12)
 *   + remaining days × 5 h (35 h spread over the 7 days of a week).
 * A 6-month contract is thus 910,02 h and a 12-month one 1 820,04 h.
 */
export function lengthHoursHundredths(
  length: CalendarLength,
  params: Pick<ActeIIParameters, 'proContract'>,
): number {
  const { monthlyHoursHundredths, dailyHoursHundredths } = params.proContract;
  return length.months * monthlyHoursHundredths + length.days * dailyHoursHundredths;
}

export function whatIsMeasured(contractType: ProContractInput['contractType']): string {
  return contractType === 'CDI' ? 'L’action de professionnalisation en début de CDI' : 'Le CDD';
}

/**
 * CDD of 6–12 months, or professionalisation action of 6–12 months at the start of a CDI;
 * up to 24 months only with a stated, substantiated reason.
 */
export function checkDuration(
  input: Pick<ProContractInput, 'contractType' | 'startDate' | 'endDate' | 'extendedDurationReason' | 'trainee'>,
  params: Pick<ActeIIParameters, 'proContract'>,
): RuleIssue[] {
  const { minMonths, maxMonths, extendedMaxMonths } = params.proContract;
  const { startDate, endDate } = input;
  const what = whatIsMeasured(input.contractType);
  const span = `du ${formatDateFr(startDate)} au ${formatDateFr(endDate)}`;
  if (endDate < startDate) {
    return [issue('PRO_END_BEFORE_START', 'endDate', `La date de fin (${formatDateFr(endDate)}) précède la date de début (${formatDateFr(startDate)}).`)];
  }
  const length = calendarLength(startDate, endDate);
  const issues: RuleIssue[] = [];
  const told = `${what} dure ${formatLength(length)} (${span})`;

  if (endDate < endOfMonths(startDate, minMonths)) {
    issues.push(
      issue(
        'PRO_DURATION_TOO_SHORT',
        'endDate',
        `${told} : la durée minimale est de ${minMonths} mois, soit une fin au plus tôt le ${formatDateFr(endOfMonths(startDate, minMonths))}.`,
      ),
    );
  }

  if (endDate > endOfMonths(startDate, extendedMaxMonths)) {
    issues.push(
      issue(
        'PRO_DURATION_ABOVE_MAXIMUM',
        'endDate',
        `${told} : la durée ne peut en aucun cas dépasser ${extendedMaxMonths} mois, soit une fin au plus tard le ${formatDateFr(endOfMonths(startDate, extendedMaxMonths))}.`,
      ),
    );
  } else if (endDate > endOfMonths(startDate, maxMonths)) {
    const reason = input.extendedDurationReason ?? null;
    const limit = `au-delà de ${maxMonths} mois (fin au plus tard le ${formatDateFr(endOfMonths(startDate, maxMonths))} sans motif)`;
    if (reason === null) {
      issues.push(
        issue(
          'PRO_DURATION_EXTENSION_WITHOUT_REASON',
          'extendedDurationReason',
          `${told} : ${limit}, il faut indiquer le motif d’allongement jusqu’à ${extendedMaxMonths} mois (accord de branche, personne sans qualification reconnue, bénéficiaire du RSA, de l’ASS, de l’AAH ou sortant d’un CUI).`,
        ),
      );
    } else if (reason === 'noRecognisedQualification' && input.trainee.hasRecognisedQualification) {
      issues.push(
        issue(
          'PRO_DURATION_EXTENSION_REASON_UNFOUNDED',
          'extendedDurationReason',
          `${told} ; le motif « ${EXTENDED_DURATION_REASON_LABELS[reason]} » ne convient pas : la personne a une qualification reconnue.`,
        ),
      );
    } else if (reason === 'priorityPublic' && input.trainee.publics.length === 0) {
      issues.push(
        issue(
          'PRO_DURATION_EXTENSION_REASON_UNFOUNDED',
          'extendedDurationReason',
          `${told} ; le motif « ${EXTENDED_DURATION_REASON_LABELS[reason]} » ne convient pas : aucune de ces situations n’est déclarée pour la personne.`,
        ),
      );
    }
  }
  return issues;
}
