import { describe, expect, it } from 'vitest';
import { linkCoarseBands, type BandGroup } from './linkedBands.js';
import { protectRows, type SteeringTable } from './steeringTable.js';

const FINE = ['under15', '15-24', '25-54', '55-64', '65plus'];
const GROUPS: BandGroup[] = [
  { key: 'under25', label: 'Moins de 25 ans', members: ['under15', '15-24'] },
  { key: '25-54', label: '25–54 ans', members: ['25-54'] },
  { key: 'over54', label: 'Plus de 54 ans', members: ['55-64', '65plus'] },
];
const columns = [{ key: 'people', label: 'Personnes', unit: 'people' as const }];

function tables(counts: number[]): { fine: SteeringTable; coarse: SteeringTable } {
  const { rows, total } = protectRows(FINE.map((key, i) => ({ key, label: key, values: { people: counts[i] } })), columns, { threshold: 5, people: ['people'] });
  const fine: SteeringTable = { id: 'fine', title: '', dimension: '', columns, rows, total, chart: { kind: 'bars', columns: ['people'] }, notes: [] };
  const coarse = linkCoarseBands(fine, Object.fromEntries(FINE.map((k, i) => [k, counts[i]])), GROUPS, { id: 'coarse', title: '', dimension: '', notes: [] });
  return { fine, coarse };
}

/**
 * What an attacker can solve: every relation between the published figures (each total is
 * the sum of its rows, each coarse band the sum of its fine bands), with the shown values
 * put in, reduced by Gaussian elimination. A hidden figure is recovered when a reduced row
 * names it alone.
 */
function recoverable(fine: SteeringTable, coarse: SteeringTable): string[] {
  const unknowns: string[] = [];
  type Term = { known: number } | { name: string };
  const term = (name: string, value: number | null): Term => {
    if (value !== null) return { known: value };
    if (!unknowns.includes(name)) unknowns.push(name);
    return { name };
  };
  const f = (k: string) => term(`fine:${k}`, fine.rows.find((r) => r.key === k)!.values.people);
  const c = (k: string) => term(`coarse:${k}`, coarse.rows.find((r) => r.key === k)!.values.people);
  const total = term('total', fine.total!.values.people);
  // Each relation: sum(left) - sum(right) = 0.
  const relations: [Term[], Term[]][] = [
    [FINE.map(f), [total]],
    [GROUPS.map((g) => c(g.key)), [total]],
    ...GROUPS.map((g): [Term[], Term[]] => [[c(g.key)], g.members.map(f)]),
  ];
  const matrix = relations.map(([left, right]) => {
    const row = new Array(unknowns.length + 1).fill(0);
    for (const [side, sign] of [[left, 1], [right, -1]] as const) {
      for (const t of side) { if ('known' in t) row[unknowns.length] -= sign * t.known; else row[unknowns.indexOf(t.name)] += sign; }
    }
    return row;
  });
  let pivotRow = 0;
  for (let col = 0; col < unknowns.length && pivotRow < matrix.length; col++) {
    const p = matrix.findIndex((r, i) => i >= pivotRow && Math.abs(r[col]) > 1e-9);
    if (p < 0) continue;
    [matrix[pivotRow], matrix[p]] = [matrix[p], matrix[pivotRow]];
    const pivot = matrix[pivotRow][col];
    matrix[pivotRow] = matrix[pivotRow].map((v) => v / pivot);
    for (let i = 0; i < matrix.length; i++) {
      if (i !== pivotRow && Math.abs(matrix[i][col]) > 1e-9) { const factor = matrix[i][col]; matrix[i] = matrix[i].map((v, j) => v - factor * matrix[pivotRow][j]); }
    }
    pivotRow++;
  }
  return unknowns.filter((_, col) => matrix.some((r) => Math.abs(r[col]) > 1e-9 && r.slice(0, unknowns.length).filter((v) => Math.abs(v) > 1e-9).length === 1));
}

describe('age bands of two FSE programmes', () => {
  it('hides « 65 ans et plus » from « Plus de 54 ans » minus « 55–64 ans »', () => {
    // The attack of the issue: 6 in 55–64, 3 aged 65 and over.
    const { fine, coarse } = tables([0, 40, 120, 6, 3]);
    expect(fine.rows.find((r) => r.key === '65plus')!.values.people).toBeNull();
    expect(coarse.rows.find((r) => r.key === 'over54')!.values.people).toBeNull();
    expect(coarse.rows.filter((r) => r.masked.includes('people')).length).toBeGreaterThanOrEqual(2);
    expect(recoverable(fine, coarse)).toEqual([]);
    // Shown coarse bands are the sums of their fine bands.
    for (const r of coarse.rows.filter((x) => !x.masked.length)) {
      const g = GROUPS.find((x) => x.key === r.key)!;
      expect(r.values.people).toBe(g.members.reduce((s, m) => s + fine.rows.find((x) => x.key === m)!.values.people!, 0));
    }
  });

  it('never hides a coarse band that its published fine bands give back', () => {
    // Protected apart, « Moins de 25 ans » (40) would be hidden as the second cell of « Plus de 54 ans » (4),
    // yet 0 + 40 is on the fine table: then the total minus the others gives 4.
    const { fine, coarse } = tables([0, 40, 120, 3, 1]);
    const hiddenCoarse = coarse.rows.filter((r) => r.masked.includes('people')).map((r) => r.key);
    expect(hiddenCoarse).toHaveLength(2);
    for (const key of hiddenCoarse) expect(GROUPS.find((g) => g.key === key)!.members.some((m) => fine.rows.find((r) => r.key === m)!.values.people === null)).toBe(true);
    expect(recoverable(fine, coarse)).toEqual([]);
  });

  it('leaves nothing to solve on generated tables', () => {
    let seed = 2009;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    let withSecrets = 0;
    for (let n = 0; n < 3000; n++) {
      const counts = FINE.map(() => (random() < 0.3 ? 0 : Math.floor(random() * (random() < 0.5 ? 6 : 40))));
      const { fine, coarse } = tables(counts);
      if (fine.rows.some((r) => r.masked.length)) withSecrets++;
      expect(recoverable(fine, coarse), counts.join(',')).toEqual([]);
      for (const t of [fine, coarse]) {
        const hidden = t.rows.filter((r) => r.masked.includes('people')).length;
        if (t.total!.values.people !== null) expect(hidden === 0 || hidden >= 2, `${t.id} ${counts.join(',')}`).toBe(true);
        for (const r of t.rows) if (r.values.people !== null) expect(r.values.people === 0 || r.values.people >= 5).toBe(true);
      }
    }
    expect(withSecrets).toBeGreaterThan(500);
  });
});
