import { describe, expect, it } from 'vitest';
import { validateRows } from '../../platform/tabular/index.js';
import { PAIR_IMPORT_COLUMNS } from './columns.js';
import { PAIR_IMPORT_LAYOUT, pairColumn } from './layout.js';

const headers = PAIR_IMPORT_COLUMNS.map((c) => c.header);
const parse = (activity: string) => {
  const result = validateRows<{ activityBp: number }>({ headers, rows: [{ line: 2, values: { 'Activité (%)': activity } }] }, { columns: PAIR_IMPORT_LAYOUT.columns.map((c) => ({ ...c, required: false })) });
  return result.ok ? result.rows[0].value.activityBp : result.errors[0].message;
};

describe('pair import layout', () => {
  it('reads percentages as typed or as percent-formatted cells', () => {
    expect(parse('50')).toBe(5000);
    expect(parse('50 %')).toBe(5000);
    expect(parse('62,5')).toBe(6250);
    expect(parse('0.5')).toBe(5000);
    expect(parse('1 %')).toBe(100);
    expect(parse('120')).toBe('Ligne 2, colonne « Activité (%) » : Le pourcentage doit être compris entre 0 et 100.');
    expect(parse('moitié')).toMatch(/n’est pas un pourcentage/);
  });

  it('names the column of a rule’s field', () => {
    expect(pairColumn('senior.expectedRetirementDate')).toBe('Départ en retraite prévu');
    expect(pairColumn('junior.contractType')).toBe('Contrat du jeune');
    expect(pairColumn('payBp')).toBe('Rémunération (%)');
    expect(pairColumn('nothing')).toBe('');
  });
});
