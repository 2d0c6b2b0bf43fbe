import type { IsoDate } from '../shared/dates.js';
import { valueOn, type Dated } from '../shared/validity.js';

/**
 * Statistical secrecy of the steering figures. The plenary and the social partners read
 * aggregates only: a cell counting a handful of people could point at someone (« the
 * only woman over 55 trained in the Jura »), so such cells are hidden.
 *
 * The threshold is a dated parameter: INSEE and the FSE managing authority have used 5
 * for tables of people and may change it; a table is protected under the value in force
 * on the day it is produced.
 */
export const MASKING_THRESHOLDS: readonly Dated<number>[] = [
  { validFrom: '2000-01-01', validTo: null, value: 5 },
];

export const maskingThresholdOn = (day: IsoDate): number => valueOn('seuil du secret statistique', MASKING_THRESHOLDS, day);

export const OTHERS_KEY = '__autres';
export const OTHERS_LABEL = 'Autres';

export interface RawCell { key: string; label: string; count: number }
export interface ProtectedCell {
  key: string;
  label: string;
  /** null when masked. */
  count: number | null;
  masked: boolean;
  /** primary: the cell itself is small; secondary: hidden so the primary one cannot be recomputed from the total. */
  reason?: 'primary' | 'secondary';
  /** Keys merged into « Autres ». */
  merged?: string[];
}
export interface ProtectedDimension {
  cells: ProtectedCell[];
  total: number | null;
  totalMasked: boolean;
}

export interface ProtectOptions {
  threshold: number;
  /**
   * Many small categories (départements, NAF divisions) are merged into « Autres » rather
   * than masked one by one, which keeps more of the table readable.
   */
  mergeSmall?: boolean;
}

const isSmall = (count: number, threshold: number) => count > 0 && count < threshold;

/**
 * Protects one dimension whose cells add up to a published total.
 *
 * 1. A total below the threshold hides the whole dimension.
 * 2. With `mergeSmall`, every small category joins « Autres ».
 * 3. Primary masking: any non-zero cell below the threshold is hidden (zero reveals nobody).
 * 4. Secondary masking: if exactly one cell is hidden, it could be recomputed as total minus
 *    the others, so the smallest other non-zero cell is hidden too.
 */
export function protectDimension(raw: readonly RawCell[], options: ProtectOptions): ProtectedDimension {
  const { threshold } = options;
  const total = raw.reduce((sum, c) => sum + c.count, 0);
  if (isSmall(total, threshold)) {
    return { cells: raw.map((c) => ({ key: c.key, label: c.label, count: c.count === 0 ? 0 : null, masked: c.count !== 0, reason: c.count !== 0 ? 'primary' : undefined })), total: null, totalMasked: true };
  }

  let cells: ProtectedCell[] = raw.map((c) => ({ key: c.key, label: c.label, count: c.count, masked: false }));
  if (options.mergeSmall) {
    const small = raw.filter((c) => isSmall(c.count, threshold) && c.key !== OTHERS_KEY);
    // Merging a single category would change nothing but its label: plain masking applies then.
    if (small.length > 1) {
      const existing = raw.find((c) => c.key === OTHERS_KEY);
      const mergedKeys = small.map((c) => c.key);
      cells = cells.filter((c) => !mergedKeys.includes(c.key) && c.key !== OTHERS_KEY);
      cells.push({
        key: OTHERS_KEY, label: OTHERS_LABEL, masked: false, merged: mergedKeys,
        count: small.reduce((s, c) => s + c.count, 0) + (existing?.count ?? 0),
      });
    }
  }

  for (const cell of cells) {
    if (cell.count !== null && isSmall(cell.count, threshold)) Object.assign(cell, { count: null, masked: true, reason: 'primary' });
  }
  const hidden = cells.filter((c) => c.masked);
  if (hidden.length === 1) {
    const partner = cells
      .filter((c) => !c.masked && (c.count ?? 0) > 0)
      .sort((a, b) => (a.count! - b.count!) || a.key.localeCompare(b.key))[0];
    if (partner) Object.assign(partner, { count: null, masked: true, reason: 'secondary' });
  }
  return { cells, total, totalMasked: false };
}
