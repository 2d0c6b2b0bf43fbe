import { describe, expect, it } from 'vitest';
import { MASKING_THRESHOLDS, maskingThresholdOn, OTHERS_KEY, protectDimension, type RawCell } from './masking.js';

const cells = (...counts: number[]): RawCell[] => counts.map((count, i) => ({ key: `k${i}`, label: `L${i}`, count }));
const shown = (d: ReturnType<typeof protectDimension>) => d.cells.map((c) => c.count);
const T = { threshold: 5 };

describe('statistical secrecy threshold', () => {
  it('is 5 people, as a dated parameter', () => {
    expect(maskingThresholdOn('2010-06-01')).toBe(5);
    expect(maskingThresholdOn('2030-01-01')).toBe(5);
    expect(MASKING_THRESHOLDS[0].validFrom).toBe('2000-01-01');
  });
  it('refuses a day before any value was in force', () => {
    expect(() => maskingThresholdOn('1990-01-01')).toThrow(/seuil du secret statistique/);
  });
});

describe('protectDimension', () => {
  it('leaves a table of large cells untouched', () => {
    const d = protectDimension(cells(10, 20, 5), T);
    expect(shown(d)).toEqual([10, 20, 5]);
    expect(d.total).toBe(35);
    expect(d.cells.every((c) => !c.masked)).toBe(true);
  });

  it('keeps 5 (the threshold itself) and shows zeros: an empty cell points at nobody', () => {
    expect(shown(protectDimension(cells(5, 0, 7), T))).toEqual([5, 0, 7]);
  });

  it.each([1, 2, 3, 4])('masks a cell of %i people and, alone, a second one so the total does not give it away', (small) => {
    const d = protectDimension(cells(small, 40, 12), T);
    expect(d.cells[0]).toMatchObject({ count: null, masked: true, reason: 'primary' });
    // The smallest other cell is hidden too.
    expect(d.cells[2]).toMatchObject({ count: null, masked: true, reason: 'secondary' });
    expect(d.cells[1]).toMatchObject({ count: 40, masked: false });
    expect(d.total).toBe(52 + small);
  });

  it('needs no secondary masking when two cells are already hidden', () => {
    const d = protectDimension(cells(3, 2, 40), T);
    expect(d.cells.map((c) => c.reason)).toEqual(['primary', 'primary', undefined]);
  });

  it('never picks an empty cell as the secondary one', () => {
    const d = protectDimension(cells(3, 0, 40), T);
    expect(shown(d)).toEqual([null, 0, null]);
    expect(d.cells[2].reason).toBe('secondary');
  });

  it('breaks ties between candidates for secondary masking by key, so the output is stable', () => {
    const d = protectDimension(cells(2, 9, 9), T);
    expect(shown(d)).toEqual([null, null, 9]);
  });

  it('hides everything when the total itself is below the threshold', () => {
    const d = protectDimension(cells(2, 1, 0), T);
    expect(d.total).toBeNull();
    expect(d.totalMasked).toBe(true);
    expect(shown(d)).toEqual([null, null, 0]);
  });

  it('shows an all-zero dimension as zeros', () => {
    const d = protectDimension(cells(0, 0), T);
    expect(d.total).toBe(0);
    expect(shown(d)).toEqual([0, 0]);
  });

  it('cannot be undone by difference: the masked cells always number 0 or at least 2', () => {
    for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) for (let c = 0; c < 8; c++) {
      const d = protectDimension(cells(a, b, c), T);
      if (d.totalMasked) continue;
      const hidden = d.cells.filter((x) => x.masked);
      expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
      // Every visible cell is 0 or at least the threshold.
      for (const x of d.cells) if (!x.masked) expect(x.count === 0 || x.count! >= 5).toBe(true);
      // The hidden cells sum to the difference, which is at least the threshold or two cells.
      const visible = d.cells.reduce((s, x) => s + (x.count ?? 0), 0);
      expect(d.total! - visible).toBe(d.cells.filter((x) => x.masked).reduce((s, x) => s + [a, b, c][Number(x.key.slice(1))], 0));
    }
  });

  describe('merging small categories into « Autres »', () => {
    it('merges several small categories and shows their sum when it reaches the threshold', () => {
      const d = protectDimension(cells(3, 2, 30, 4), { threshold: 5, mergeSmall: true });
      expect(d.cells.map((c) => [c.label, c.count])).toEqual([['L2', 30], ['Autres', 9]]);
      expect(d.cells[1].merged).toEqual(['k0', 'k1', 'k3']);
      expect(d.total).toBe(39);
    });

    it('masks « Autres » (and a second cell) when the merged sum stays small', () => {
      const d = protectDimension(cells(1, 2, 30, 50), { threshold: 5, mergeSmall: true });
      const others = d.cells.find((c) => c.key === OTHERS_KEY)!;
      expect(others).toMatchObject({ count: null, masked: true });
      expect(d.cells.filter((c) => c.masked)).toHaveLength(2);
    });

    it('does not merge a single small category: plain masking applies', () => {
      const d = protectDimension(cells(3, 30, 50), { threshold: 5, mergeSmall: true });
      expect(d.cells.map((c) => c.key)).toEqual(['k0', 'k1', 'k2']);
      expect(shown(d)).toEqual([null, null, 50]);
    });

    it('adds an existing « Autres » category to the merged one', () => {
      const raw = [...cells(2, 2, 40), { key: OTHERS_KEY, label: 'Non renseigné', count: 1 }];
      const d = protectDimension(raw, { threshold: 5, mergeSmall: true });
      expect(d.cells.find((c) => c.key === OTHERS_KEY)!.count).toBe(5);
    });
  });
});
