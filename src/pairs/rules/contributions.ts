import { applyRate, type Cents } from '../../shared/money.js';
import type { OldAgeRates } from '../../acteII/parameters.js';

export interface PartyContributions {
  /** On the part of the base up to the ceiling. */
  cappedCents: Cents;
  /** On the whole base. */
  uncappedCents: Cents;
  totalCents: Cents;
}

export interface OldAgeContributions {
  baseCents: Cents;
  ceilingCents: Cents;
  employer: PartyContributions;
  employee: PartyContributions;
}

/** Each line is rounded to the cent on its own, as on a payslip. */
export function oldAgeContributions(baseCents: Cents, ceilingCents: Cents, rates: OldAgeRates): OldAgeContributions {
  const capped = Math.min(baseCents, ceilingCents);
  const party = (cappedBp: number, uncappedBp: number): PartyContributions => {
    const cappedCents = applyRate(capped, cappedBp);
    const uncappedCents = applyRate(baseCents, uncappedBp);
    return { cappedCents, uncappedCents, totalCents: cappedCents + uncappedCents };
  };
  return {
    baseCents,
    ceilingCents,
    employer: party(rates.employerCappedBp, rates.employerUncappedBp),
    employee: party(rates.employeeCappedBp, rates.employeeUncappedBp),
  };
}

export interface PairMonthParameters {
  /** Ceiling of the month (PMSS, or PMSS prorated for an incomplete month). */
  pmssCents: Cents;
  oldAgeRates: OldAgeRates;
}

export interface PairMonth {
  fullTimeSalaryCents: Cents;
  activityBp: number;
  payBp: number;
  paidSalaryCents: Cents;
  /** Old-age contribution base: the full-time reference salary (never above it). */
  baseCents: Cents;
  /** Contributions on the full-time base (what the pair pays). */
  onBase: OldAgeContributions;
  /** Contributions the paid salary alone would bear, same ceiling. */
  onPaidSalary: OldAgeContributions;
  /** Contributions due on the supplement (base − paid salary): onBase − onPaidSalary. */
  supplement: { baseCents: Cents; employerCents: Cents; employeeCents: Cents };
  /** An ordinary part-time at the same working time, paid pro rata, on the prorated ceiling. */
  ordinaryPartTime: { paidSalaryCents: Cents; contributions: OldAgeContributions };
  /** What the pair costs the employer more than an ordinary part-time. */
  extraCost: {
    salaryCents: Cents;
    employerContributionsCents: Cents;
    totalCents: Cents;
    /** Adding the employee's contributions on the supplement, when the employer takes them on. */
    totalWithEmployeeSupplementCents: Cents;
  };
}

/**
 * One month of a senior in a pair (Social Security Code L241-3-1): part time (activity, 50 % by
 * default), paid more than pro rata (pay, 80 % by default), old-age contributions on the full-time
 * reference salary. The ceiling is the month's full PMSS: working part time does not reduce it
 * when contributions follow the full-time base. For comparison, an ordinary part-time is paid pro
 * rata and its ceiling is reduced in the same proportion (R242-7).
 *
 * Throws RangeError on impossible inputs (validated upstream by the schema and checkPair).
 */
export function pairMonth(
  fullTimeSalaryCents: Cents,
  activityBp: number = 5000,
  payBp: number = 8000,
  params: PairMonthParameters,
): PairMonth {
  if (!Number.isSafeInteger(fullTimeSalaryCents) || fullTimeSalaryCents < 0) {
    throw new RangeError(`Salaire à temps plein invalide : ${fullTimeSalaryCents}`);
  }
  if (!(activityBp > 0 && activityBp <= 10_000) || !(payBp > 0 && payBp <= 10_000)) {
    throw new RangeError(`Taux d’activité (${activityBp}) ou de rémunération (${payBp}) hors de ]0 ; 10 000] points de base.`);
  }
  const { pmssCents, oldAgeRates } = params;
  const paidSalaryCents = applyRate(fullTimeSalaryCents, payBp);
  const baseCents = Math.max(paidSalaryCents, fullTimeSalaryCents);
  const onBase = oldAgeContributions(baseCents, pmssCents, oldAgeRates);
  const onPaidSalary = oldAgeContributions(paidSalaryCents, pmssCents, oldAgeRates);
  const supplement = {
    baseCents: baseCents - paidSalaryCents,
    employerCents: onBase.employer.totalCents - onPaidSalary.employer.totalCents,
    employeeCents: onBase.employee.totalCents - onPaidSalary.employee.totalCents,
  };
  const ordinaryPaid = applyRate(fullTimeSalaryCents, activityBp);
  const ordinary = oldAgeContributions(ordinaryPaid, applyRate(pmssCents, activityBp), oldAgeRates);
  const salaryCents = paidSalaryCents - ordinaryPaid;
  const employerContributionsCents = onBase.employer.totalCents - ordinary.employer.totalCents;
  return {
    fullTimeSalaryCents,
    activityBp,
    payBp,
    paidSalaryCents,
    baseCents,
    onBase,
    onPaidSalary,
    supplement,
    ordinaryPartTime: { paidSalaryCents: ordinaryPaid, contributions: ordinary },
    extraCost: {
      salaryCents,
      employerContributionsCents,
      totalCents: salaryCents + employerContributionsCents,
      totalWithEmployeeSupplementCents: salaryCents + employerContributionsCents + supplement.employeeCents,
    },
  };
}
