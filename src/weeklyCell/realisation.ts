import { roundHalfAwayFromZero, type Cents } from '../shared/money.js';

/**
 * Funders pay for training actually delivered: what each owes is its approved amount
 * scaled by realised cost over planned cost, never more than approved. The rest of the
 * commitment goes back to the funder's envelope when the request is settled.
 */
export function dueAfterRealisation(approvedCents: Cents, plannedCostCents: Cents, realisedCostCents: Cents | null): Cents {
  if (realisedCostCents === null || plannedCostCents === 0) return approvedCents;
  if (realisedCostCents >= plannedCostCents) return approvedCents;
  return roundHalfAwayFromZero((approvedCents * realisedCostCents) / plannedCostCents);
}

export interface RealisedAction { realisedHours: number; realisedTrainees: number; realisedTeachingCostCents: Cents; hourlyWageCents: Cents }

/** Realised hours are trainee-hours attended (attendance sheets); pay cost follows them. */
export function realisedCost(actions: readonly RealisedAction[]): { realisedHours: number; realisedCostCents: Cents } {
  let realisedHours = 0;
  let realisedCostCents = 0;
  for (const a of actions) {
    realisedHours += a.realisedHours;
    realisedCostCents += a.realisedTeachingCostCents + a.hourlyWageCents * a.realisedHours;
  }
  return { realisedHours, realisedCostCents };
}

export interface FunderAccount { funder: string; approvedCents: Cents; dueCents: Cents; paidCents: Cents }

export function isFullyPaid(accounts: readonly FunderAccount[]): boolean {
  return accounts.length > 0 && accounts.every((a) => a.paidCents >= a.dueCents);
}
