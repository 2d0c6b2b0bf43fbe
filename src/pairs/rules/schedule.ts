import { addDays, daysBetween, firstOfNextMonth, type IsoDate } from '../../shared/dates.js';
import { applyRate, roundHalfAwayFromZero, type Cents } from '../../shared/money.js';
import { snapshotOn, type ActeIIParameters, type PairAidRule, type ParameterSource } from '../../acteII/parameters.js';
import { pairMonth, type PairMonth } from './contributions.js';
import type { PairInput } from './types.js';

export interface PairAidAmounts {
  regionCents: Cents;
  fpsppCents: Cents;
  totalCents: Cents;
}

export interface PairScheduleRow {
  month: string;
  from: IsoDate;
  to: IsoDate;
  /** Calendar days of the pair in this month, and in the month. */
  days: number;
  daysInMonth: number;
  /** Full-time salary of the month (prorated by calendar days for an incomplete month). */
  fullTimeSalaryCents: Cents;
  /** Ceiling of the month: PMSS, or PMSS × days / 30 for an incomplete month (R242-2). */
  ceilingCents: Cents;
  computation: PairMonth;
  /** Extra cost the aid is computed on (with the employee's supplement when the employer takes it on). */
  extraCostCents: Cents;
  aid: PairAidAmounts;
}

export interface PairScheduleTotals {
  paidSalaryCents: Cents;
  baseCents: Cents;
  employerContributionsCents: Cents;
  employeeContributionsCents: Cents;
  supplementEmployeeCents: Cents;
  supplementEmployerCents: Cents;
  extraCostCents: Cents;
  aidRegionCents: Cents;
  aidFpsppCents: Cents;
  aidTotalCents: Cents;
}

export interface PairSchedule {
  rows: PairScheduleRow[];
  totals: PairScheduleTotals;
}

/** Aid of one funder for a month. A flat monthly amount is prorated for an incomplete month like the salary. */
export function aidFor(rule: PairAidRule | undefined, extraCostCents: Cents, days: number, daysInMonth: number): Cents {
  if (!rule) return 0;
  if (rule.kind === 'monthlyFlat') return roundHalfAwayFromZero((rule.monthlyCents * days) / daysInMonth);
  return Math.max(0, applyRate(extraCostCents, rule.shareBp));
}

/**
 * The pair month by month, from its start to its end. Each month is computed under the
 * parameters of that month (PMSS, rates, aid) when the dated lists are given, so a pair across
 * 1 January follows the new PMSS. Incomplete first or last months are prorated by calendar days
 * (salary, and the ceiling at PMSS × days / 30 as for any entry or exit during a month).
 */
export function pairSchedule(pair: PairInput, params: ParameterSource): PairSchedule {
  const rows: PairScheduleRow[] = [];
  for (let from = pair.startDate; from <= pair.endDate; from = firstOfNextMonth(from)) {
    const monthStart = `${from.slice(0, 7)}-01`;
    const monthEnd = addDays(firstOfNextMonth(from), -1);
    const to = monthEnd < pair.endDate ? monthEnd : pair.endDate;
    const days = daysBetween(from, to) + 1;
    const daysInMonth = daysBetween(monthStart, monthEnd) + 1;
    const full = days === daysInMonth;
    const snapshot: ActeIIParameters = snapshotOn(params, from);
    const activityBp = pair.activityBp ?? snapshot.pairs.defaultActivityBp;
    const payBp = pair.payBp ?? snapshot.pairs.defaultPayBp;
    const fullTimeSalaryCents = full ? pair.fullTimeSalaryCents : roundHalfAwayFromZero((pair.fullTimeSalaryCents * days) / daysInMonth);
    const ceilingCents = full ? snapshot.pmssCents : Math.min(snapshot.pmssCents, roundHalfAwayFromZero((snapshot.pmssCents * days) / 30));
    const computation = pairMonth(fullTimeSalaryCents, activityBp, payBp, { pmssCents: ceilingCents, oldAgeRates: snapshot.oldAgeRates });
    const extraCostCents = pair.employerPaysEmployeeSupplement
      ? computation.extraCost.totalWithEmployeeSupplementCents
      : computation.extraCost.totalCents;
    const regionCents = aidFor(snapshot.pairAid?.region, extraCostCents, days, daysInMonth);
    const fpsppCents = aidFor(snapshot.pairAid?.fpspp, extraCostCents, days, daysInMonth);
    rows.push({
      month: from.slice(0, 7),
      from,
      to,
      days,
      daysInMonth,
      fullTimeSalaryCents,
      ceilingCents,
      computation,
      extraCostCents,
      aid: { regionCents, fpsppCents, totalCents: regionCents + fpsppCents },
    });
  }
  const sum = (pick: (r: PairScheduleRow) => Cents) => rows.reduce((total, r) => total + pick(r), 0);
  return {
    rows,
    totals: {
      paidSalaryCents: sum((r) => r.computation.paidSalaryCents),
      baseCents: sum((r) => r.computation.baseCents),
      employerContributionsCents: sum((r) => r.computation.onBase.employer.totalCents),
      employeeContributionsCents: sum((r) => r.computation.onBase.employee.totalCents),
      supplementEmployeeCents: sum((r) => r.computation.supplement.employeeCents),
      supplementEmployerCents: sum((r) => r.computation.supplement.employerCents),
      extraCostCents: sum((r) => r.extraCostCents),
      aidRegionCents: sum((r) => r.aid.regionCents),
      aidFpsppCents: sum((r) => r.aid.fpsppCents),
      aidTotalCents: sum((r) => r.aid.totalCents),
    },
  };
}
