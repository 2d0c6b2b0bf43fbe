import type { IsoDate } from '../../shared/dates.js';
import { valueOn, type Dated } from '../../shared/validity.js';

/**
 * The unemployment paradox: employers say they cannot hire while many people look for that very
 * job in the same area. Thresholds are dated parameters (a share in basis points, a count).
 */
export interface ParadoxThresholds { minDifficultBp: number; minSeekers: number; minProjects: number }

export const PARADOX_THRESHOLDS: readonly Dated<ParadoxThresholds>[] = [
  { validFrom: '2008-01-01', validTo: null, value: { minDifficultBp: 5000, minSeekers: 50, minProjects: 10 } },
];

export const paradoxThresholdsFor = (year: number): ParadoxThresholds => valueOn('seuils du paradoxe', PARADOX_THRESHOLDS, `${year}-01-01` as IsoDate);

export interface ParadoxCell { projects: number | null; difficult: number | null; seekers: number | null }

/** Share of difficult projects in basis points, null when either count is unknown or masked. */
export function difficultShareBp(projects: number | null, difficult: number | null): number | null {
  if (projects === null || difficult === null || projects === 0) return null;
  return Math.round((difficult / projects) * 10000);
}

/** A cell is a paradox only on known figures: a masked count never makes or unmakes one. */
export function isParadox(cell: ParadoxCell, t: ParadoxThresholds): boolean {
  const share = difficultShareBp(cell.projects, cell.difficult);
  return share !== null && cell.projects! >= t.minProjects && share >= t.minDifficultBp && cell.seekers !== null && cell.seekers >= t.minSeekers;
}

/** Job seekers per difficult hiring project: how many candidates there would be for each post employers struggle with. */
export function seekersPerDifficult(cell: ParadoxCell): number | null {
  if (cell.seekers === null || cell.difficult === null || cell.difficult === 0) return null;
  return cell.seekers / cell.difficult;
}
