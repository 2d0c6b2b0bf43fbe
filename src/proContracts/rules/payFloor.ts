import {
  addDays,
  ageOn,
  firstOfMonth,
  firstOfNextMonth,
  formatDateFr,
  type IsoDate,
} from '../../shared/dates.js';
import { applyRate, formatEuros, type Cents } from '../../shared/money.js';
import { levelRank, type Level1969 } from '../../shared/qualification.js';
import { smicOn, snapshotOn, type ParameterSource } from '../../acteII/parameters.js';
import { formatPercentBp, issue, type RuleIssue } from '../../measures/ruleIssue.js';
import type { ProContractInput } from './types.js';

export type AgeBand = 'under21' | 'from21To25' | 'from26';
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under21: 'moins de 21 ans',
  from21To25: '21 à 25 ans',
  from26: '26 ans et plus',
};

export interface PayFloorRow {
  /** "YYYY-MM" */
  month: string;
  /** First and last day of the contract within this month. */
  from: IsoDate;
  to: IsoDate;
  /** Age taken into account for the month: the age reached by the end of the previous month. */
  ageForPay: number;
  ageBand: AgeBand;
  /** Holds a level IV qualification or above (uplift 55 → 65 %, 70 → 80 %). */
  qualified: boolean;
  smicMonthlyCents: Cents;
  /** Percentage of the SMIC, in basis points. */
  smicShareBp: number;
  floorFromSmicCents: Cents;
  /** 85 % of the branch minimum for trainees aged 26+, when a branch minimum is given. */
  floorFromBranchCents: Cents | null;
  floorCents: Cents;
}

/** Level IV (baccalauréat) or above opens the uplifted floors. */
export function isQualifiedForUplift(level: Level1969): boolean {
  return levelRank(level) >= levelRank('IV');
}

/**
 * Age that sets the pay band on a day. A new band applies from the 1st day of the month
 * following the birthday, so the age that counts is the one reached on the last day of
 * the previous month: born 15 March 1991, the 21–25 band starts on 1 April 2012 (and a
 * birthday on 1 March also moves the band on 1 April).
 */
export function ageForPayOn(birthDate: IsoDate, day: IsoDate): number {
  return ageOn(birthDate, addDays(firstOfMonth(day), -1));
}

export function ageBandFor(age: number): AgeBand {
  if (age < 21) return 'under21';
  if (age < 26) return 'from21To25';
  return 'from26';
}

/**
 * Minimum gross monthly pay (full time), one row per calendar month of [start, end].
 * Percentages are those in force at the contract's start; the SMIC follows its
 * revaluations month by month when the dated lists are given (a snapshot only knows the
 * SMIC of its date). The floor is a monthly rate: it is not prorated for a partial month.
 */
export function payFloorSchedule(
  birthDate: IsoDate,
  level: Level1969,
  start: IsoDate,
  end: IsoDate,
  params: ParameterSource,
  branchMinimumMonthlyCents: Cents | null = null,
): PayFloorRow[] {
  const floors = snapshotOn(params, start).proContractPayFloors;
  const qualified = isQualifiedForUplift(level);
  const rows: PayFloorRow[] = [];
  for (let from = start; from <= end; from = firstOfNextMonth(from)) {
    const monthEnd = addDays(firstOfNextMonth(from), -1);
    const to = monthEnd < end ? monthEnd : end;
    const ageForPay = ageForPayOn(birthDate, from);
    const ageBand = ageBandFor(ageForPay);
    const smic = smicOn(params, from);
    const smicShareBp =
      ageBand === 'under21'
        ? qualified ? floors.under21QualifiedBp : floors.under21Bp
        : ageBand === 'from21To25'
          ? qualified ? floors.from21QualifiedBp : floors.from21Bp
          : floors.from26SmicBp;
    const floorFromSmicCents = applyRate(smic.monthlyCents, smicShareBp);
    const floorFromBranchCents =
      ageBand === 'from26' && branchMinimumMonthlyCents !== null
        ? applyRate(branchMinimumMonthlyCents, floors.from26BranchMinimumBp)
        : null;
    rows.push({
      month: from.slice(0, 7),
      from,
      to,
      ageForPay,
      ageBand,
      qualified,
      smicMonthlyCents: smic.monthlyCents,
      smicShareBp,
      floorFromSmicCents,
      floorFromBranchCents,
      floorCents: Math.max(floorFromSmicCents, floorFromBranchCents ?? 0),
    });
  }
  return rows;
}

function monthFr(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

function floorExplanation(row: PayFloorRow, branchMinimumBp: number): string {
  const smicPart = `${formatPercentBp(row.smicShareBp)} du SMIC (${formatEuros(row.smicMonthlyCents)})`;
  if (row.floorFromBranchCents !== null && row.floorFromBranchCents > row.floorFromSmicCents) {
    return `${formatPercentBp(branchMinimumBp)} du minimum de branche, soit ${formatEuros(row.floorFromBranchCents)} (plus que ${smicPart})`;
  }
  return `${smicPart}, soit ${formatEuros(row.floorFromSmicCents)}`;
}

/**
 * The contract's gross monthly pay against every month's floor. Consecutive months with the
 * same floor are reported together, so a 24-month breach reads as one or a few lines.
 */
export function checkPay(
  input: Pick<ProContractInput, 'trainee' | 'startDate' | 'endDate' | 'grossMonthlyPayCents' | 'branchMinimumMonthlyCents'>,
  params: ParameterSource,
): RuleIssue[] {
  if (input.endDate < input.startDate) return [];
  const schedule = payFloorSchedule(
    input.trainee.birthDate,
    input.trainee.level,
    input.startDate,
    input.endDate,
    params,
    input.branchMinimumMonthlyCents ?? null,
  );
  const branchMinimumBp = snapshotOn(params, input.startDate).proContractPayFloors.from26BranchMinimumBp;
  const pay = input.grossMonthlyPayCents;
  const issues: RuleIssue[] = [];
  let i = 0;
  while (i < schedule.length) {
    const row = schedule[i];
    if (pay >= row.floorCents) {
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < schedule.length && schedule[j + 1].floorCents === row.floorCents && pay < row.floorCents) j += 1;
    const last = schedule[j];
    const when =
      i === j ? `En ${monthFr(row.month)}` : `De ${monthFr(row.month)} à ${monthFr(last.month)}`;
    issues.push(
      issue(
        'PRO_PAY_BELOW_FLOOR',
        'grossMonthlyPayCents',
        `${when} (${AGE_BAND_LABELS[row.ageBand]}${row.qualified ? ', niveau IV ou plus' : ''}), le salaire brut mensuel de ${formatEuros(pay)} est inférieur au minimum de ${floorExplanation(row, branchMinimumBp)} ; il manque ${formatEuros(row.floorCents - pay)} par mois.`,
      ),
    );
    i = j + 1;
  }
  if (schedule.some((r) => r.ageBand === 'from26') && (input.branchMinimumMonthlyCents ?? null) === null) {
    const first = schedule.find((r) => r.ageBand === 'from26')!;
    issues.push(
      issue(
        'PRO_BRANCH_MINIMUM_MISSING',
        'branchMinimumMonthlyCents',
        `À partir de ${monthFr(first.month)} la personne relève de la tranche « 26 ans et plus » (au ${formatDateFr(first.from)}) : indiquez le minimum conventionnel de l’emploi pour vérifier le plancher de ${formatPercentBp(branchMinimumBp)} de ce minimum.`,
        'warning',
      ),
    );
  }
  return issues;
}
