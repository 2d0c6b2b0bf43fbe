import type { Cents } from '../shared/money.js';

/**
 * Totals are always derived from the actions, never typed: the pay cost of an action
 * is the trainees' hourly wage times the hours each of them spends in training.
 */
export interface ActionForTotals {
  hoursPerTrainee: number;
  traineeCount: number;
  teachingCostCents: Cents;
  hourlyWageCents: Cents;
}

export interface ActionTotals { trainingHours: number; payCostCents: Cents; totalCostCents: Cents }

export function actionTotals(a: ActionForTotals): ActionTotals {
  const trainingHours = a.hoursPerTrainee * a.traineeCount;
  const payCostCents = a.hourlyWageCents * trainingHours;
  return { trainingHours, payCostCents, totalCostCents: a.teachingCostCents + payCostCents };
}

export interface RequestTotals {
  traineeCount: number;
  trainingHours: number;
  teachingCostCents: Cents;
  payCostCents: Cents;
  totalCostCents: Cents;
}

/** Trainees are counted once even when they follow several actions. */
export function requestTotals(actions: (ActionForTotals & { trainees: readonly number[] })[]): RequestTotals {
  const distinctTrainees = new Set(actions.flatMap((a) => a.trainees));
  let trainingHours = 0;
  let teachingCostCents = 0;
  let payCostCents = 0;
  for (const action of actions) {
    const t = actionTotals(action);
    trainingHours += t.trainingHours;
    teachingCostCents += action.teachingCostCents;
    payCostCents += t.payCostCents;
  }
  return { traineeCount: distinctTrainees.size, trainingHours, teachingCostCents, payCostCents, totalCostCents: teachingCostCents + payCostCents };
}
