import { describe, expect, it } from 'vitest';
import { percentOf, protectRows, type SteeringColumn } from './steeringTable.js';

const columns: SteeringColumn[] = [
  { key: 'companies', label: 'Entreprises', unit: 'companies' },
  { key: 'people', label: 'Personnes', unit: 'people' },
  { key: 'hours', label: 'Heures', unit: 'hours' },
];
const row = (key: string, companies: number, people: number, hours: number) => ({ key, label: key, values: { companies, people, hours } });

describe('protectRows', () => {
  it('hides the people of a small row with what derives from them, never the companies', () => {
    const { rows, total } = protectRows([row('A', 1, 3, 90), row('B', 4, 40, 800), row('C', 2, 12, 300)], columns, { threshold: 5, people: ['people'], dependent: ['hours'] });
    expect(rows[0]).toMatchObject({ values: { companies: 1, people: null, hours: null }, masked: ['people', 'hours'] });
    // Secondary: the smallest other row, so A cannot be recomputed from the total.
    expect(rows[2]).toMatchObject({ values: { companies: 2, people: null, hours: null } });
    expect(rows[1].masked).toEqual([]);
    expect(total.values).toEqual({ companies: 7, people: 55, hours: 1190 });
  });

  it('merges small rows into « Autres » and adds up every column of the merged rows', () => {
    const { rows, total } = protectRows([row('25', 10, 100, 1000), row('39', 1, 2, 20), row('70', 1, 4, 40), row('90', 1, 1, 10)], columns, { threshold: 5, people: ['people'], dependent: ['hours'], mergeSmall: true });
    expect(rows.map((r) => r.key)).toEqual(['25', '__autres']);
    expect(rows[1]).toMatchObject({ label: 'Autres (3 catégories regroupées)', values: { companies: 3, people: 7, hours: 70 }, masked: [] });
    expect(rows.reduce((s, r) => s + r.values.companies!, 0)).toBe(total.values.companies);
  });

  it('hides a whole column whose total is below the threshold', () => {
    const { rows, total } = protectRows([row('A', 1, 3, 10), row('B', 1, 0, 0)], columns, { threshold: 5, people: ['people'] });
    expect(total.values.people).toBeNull();
    expect(rows[0].values.people).toBeNull();
    expect(rows[1].values.people).toBe(0);
  });

  it('protects further people columns one by one, without merging', () => {
    const cols: SteeringColumn[] = [{ key: 'exit', label: 'Sortie', unit: 'people' }, { key: 'later', label: '6 mois', unit: 'people' }];
    const raw = [{ key: 'cdi', label: 'CDI', values: { exit: 20, later: 2 } }, { key: 'cdd', label: 'CDD', values: { exit: 9, later: 30 } }, { key: 'de', label: 'DE', values: { exit: 6, later: 8 } }];
    const { rows } = protectRows(raw, cols, { threshold: 5, people: ['exit', 'later'] });
    expect(rows.map((r) => r.values.exit)).toEqual([20, 9, 6]);
    expect(rows.map((r) => r.values.later)).toEqual([null, 30, null]);
  });

  it('leaves money tables alone', () => {
    const { rows } = protectRows([row('OPCA', 1, 2, 3)], columns, { threshold: 5, people: [] });
    expect(rows[0].masked).toEqual([]);
  });
});

describe('percentOf', () => {
  it('gives one decimal and nothing for a hidden or empty whole', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(72, 72)).toBe(100);
    expect(percentOf(null, 3)).toBeNull();
    expect(percentOf(1, 0)).toBeNull();
  });
});
