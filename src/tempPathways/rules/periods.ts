import { daysBetween, formatDateFr } from '../../shared/dates.js';
import type { Cents } from '../../shared/money.js';
import type { ActeIIParameters } from '../../acteII/parameters.js';
import { formatHours, hoursToHundredths, issue, type RuleIssue } from '../../measures/ruleIssue.js';
import { PERIOD_KIND_LABELS, type Period } from './types.js';

/** ROME v3 job code: a letter A–N (the 14 families) and four digits. */
export const ROME_CODE = /^[A-N]\d{4}$/;

export function isRomeCode(value: string | null | undefined): value is string {
  return typeof value === 'string' && ROME_CODE.test(value);
}

function describe(period: Period, index: number): string {
  return `la période n° ${index + 1} (${PERIOD_KIND_LABELS[period.kind]} du ${formatDateFr(period.start)} au ${formatDateFr(period.end)})`;
}

function blank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

/** Periods sorted by start (then end), each with its index in the input, so messages name what the user typed. */
export function orderedPeriods(periods: readonly Period[]): { period: Period; index: number }[] {
  return periods
    .map((period, index) => ({ period, index }))
    .sort((a, b) => a.period.start.localeCompare(b.period.start) || a.period.end.localeCompare(b.period.end) || a.index - b.index);
}

/**
 * Each period: end on or after start, hours > 0 (and no more than 24 a day), a ROME code for
 * missions (optional for training, valid when given), a non-negative cost. Between periods:
 * none may overlap another (a person is either in training or on a mission), and the list
 * should be in chronological order. Fields are named "periods.<index>.<field>" as typed.
 */
export function validatePeriods(periods: readonly Period[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (periods.length === 0) {
    return [issue('TEMP_NO_PERIOD', 'periods', 'Le parcours doit compter au moins une période de formation ou de mission.')];
  }
  periods.forEach((p, i) => {
    const at = `periods.${i}`;
    const datesOk = p.end >= p.start;
    if (!datesOk) {
      issues.push(issue('TEMP_PERIOD_END_BEFORE_START', `${at}.end`, `Dans ${describe(p, i)}, la fin précède le début.`));
    }
    if (!(p.hours > 0)) {
      issues.push(issue('TEMP_PERIOD_HOURS_NOT_POSITIVE', `${at}.hours`, `Dans ${describe(p, i)}, le nombre d’heures doit être supérieur à zéro (${p.hours} saisi).`));
    } else if (datesOk && hoursToHundredths(p.hours) > (daysBetween(p.start, p.end) + 1) * 2400) {
      issues.push(
        issue(
          'TEMP_PERIOD_HOURS_IMPOSSIBLE',
          `${at}.hours`,
          `Dans ${describe(p, i)}, ${formatHours(p.hours)} dépassent 24 h par jour sur ${daysBetween(p.start, p.end) + 1} jour(s).`,
        ),
      );
    }
    if (p.kind === 'mission' && blank(p.romeCode)) {
      issues.push(issue('TEMP_MISSION_ROME_MISSING', `${at}.romeCode`, `Dans ${describe(p, i)}, indiquez le code ROME de l’emploi occupé.`));
    } else if (!blank(p.romeCode) && !isRomeCode(p.romeCode)) {
      issues.push(
        issue(
          'TEMP_ROME_CODE_INVALID',
          `${at}.romeCode`,
          `Dans ${describe(p, i)}, « ${p.romeCode} » n’est pas un code ROME : une lettre de A à N suivie de 4 chiffres (par exemple H2903).`,
        ),
      );
    }
    if (p.costCents !== null && p.costCents !== undefined && p.costCents < 0) {
      issues.push(issue('TEMP_PERIOD_COST_NEGATIVE', `${at}.costCents`, `Dans ${describe(p, i)}, le coût ne peut pas être négatif.`));
    }
    if (p.kind === 'mission' && blank(p.userCompany)) {
      issues.push(issue('TEMP_MISSION_USER_COMPANY_MISSING', `${at}.userCompany`, `Dans ${describe(p, i)}, indiquez l’entreprise utilisatrice.`, 'warning'));
    }
    if (p.kind === 'training' && blank(p.providerName)) {
      issues.push(issue('TEMP_TRAINING_PROVIDER_MISSING', `${at}.providerName`, `Dans ${describe(p, i)}, indiquez l’organisme de formation.`, 'warning'));
    }
  });

  const valid = orderedPeriods(periods).filter(({ period }) => period.end >= period.start);
  for (let a = 0; a < valid.length; a++) {
    for (let b = a + 1; b < valid.length && valid[b].period.start <= valid[a].period.end; b++) {
      const first = valid[a];
      const second = valid[b];
      issues.push(
        issue(
          'TEMP_PERIODS_OVERLAP',
          `periods.${second.index}.start`,
          `${capitalise(describe(second.period, second.index))} chevauche ${describe(first.period, first.index)}.`,
        ),
      );
    }
  }
  for (let i = 1; i < periods.length; i++) {
    if (periods[i].start < periods[i - 1].start) {
      issues.push(
        issue(
          'TEMP_PERIODS_NOT_IN_ORDER',
          `periods.${i}.start`,
          `${capitalise(describe(periods[i], i))} commence avant la période précédente : classez les périodes dans l’ordre chronologique.`,
          'warning',
        ),
      );
      break;
    }
  }
  return issues;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Distinct ROME jobs held on missions or targeted by training, sorted. */
export function distinctRomeCodes(periods: readonly Period[]): string[] {
  const codes = new Set<string>();
  for (const p of periods) {
    const code = p.romeCode?.trim().toUpperCase();
    if (isRomeCode(code)) codes.add(code);
  }
  return [...codes].sort();
}

/** Versatility of a pathway: how many distinct ROME jobs it covered (missions and targeted training). */
export function versatility(periods: readonly Period[]): number {
  return distinctRomeCodes(periods).length;
}

export interface PathwayTotals {
  trainingHours: number;
  missionHours: number;
  totalHours: number;
  trainingCount: number;
  missionCount: number;
  costCents: Cents;
  trainingCostCents: Cents;
}

/** Hours are summed in hundredths so that 0,1 + 0,2 stays 0,3. */
export function pathwayTotals(periods: readonly Period[]): PathwayTotals {
  let training = 0;
  let mission = 0;
  let cost = 0;
  let trainingCost = 0;
  let trainingCount = 0;
  let missionCount = 0;
  for (const p of periods) {
    const h = hoursToHundredths(p.hours);
    const c = p.costCents ?? 0;
    cost += c;
    if (p.kind === 'training') {
      training += h;
      trainingCost += c;
      trainingCount += 1;
    } else {
      mission += h;
      missionCount += 1;
    }
  }
  return {
    trainingHours: training / 100,
    missionHours: mission / 100,
    totalHours: (training + mission) / 100,
    trainingCount,
    missionCount,
    costCents: cost,
    trainingCostCents: trainingCost,
  };
}

/**
 * The Axis 2 experiment runs from 2010-01-01 to 2014-12-31 (a parameter): a period starting
 * outside it cannot be counted; one that starts inside and runs past the end is flagged so the
 * funders can decide.
 */
export function checkExperimentWindow(
  entryDate: string,
  periods: readonly Period[],
  params: Pick<ActeIIParameters, 'tempPathways'>,
): RuleIssue[] {
  const { experimentStart, experimentEnd } = params.tempPathways;
  const window = `du ${formatDateFr(experimentStart)} au ${formatDateFr(experimentEnd)}`;
  const issues: RuleIssue[] = [];
  if (entryDate < experimentStart || entryDate > experimentEnd) {
    issues.push(
      issue('TEMP_ENTRY_OUTSIDE_EXPERIMENT', 'entryDate', `L’entrée en parcours le ${formatDateFr(entryDate)} est hors de l’expérimentation (${window}).`),
    );
  }
  periods.forEach((p, i) => {
    if (p.start < experimentStart || p.start > experimentEnd) {
      issues.push(
        issue('TEMP_PERIOD_OUTSIDE_EXPERIMENT', `periods.${i}.start`, `${capitalise(describe(p, i))} commence hors de l’expérimentation (${window}).`),
      );
    } else if (p.end > experimentEnd) {
      issues.push(
        issue(
          'TEMP_PERIOD_BEYOND_EXPERIMENT',
          `periods.${i}.end`,
          `${capitalise(describe(p, i))} se termine après la fin de l’expérimentation (${formatDateFr(experimentEnd)}).`,
          'warning',
        ),
      );
    }
    if (p.start < entryDate) {
      issues.push(
        issue('TEMP_PERIOD_BEFORE_ENTRY', `periods.${i}.start`, `${capitalise(describe(p, i))} commence avant l’entrée en parcours (${formatDateFr(entryDate)}).`),
      );
    }
  });
  return issues;
}
