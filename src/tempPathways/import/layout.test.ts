import { describe, expect, it } from 'vitest';
import { validateRows } from '../../platform/tabular/index.js';
import { PATHWAY_IMPORT_COLUMNS } from './columns.js';
import { PATHWAY_IMPORT_LAYOUT, pathwayCell } from './layout.js';

describe('pathway import layout', () => {
  const lines = [4, 5, 9];
  it('puts a period’s breach on its own row and the rest on the pathway’s first row', () => {
    expect(pathwayCell('periods.1.start', lines, [])).toEqual({ line: 5, column: 'Début' });
    expect(pathwayCell('periods.2.romeCode', lines, [])).toEqual({ line: 9, column: 'Code ROME' });
    expect(pathwayCell('periods', lines, [])).toEqual({ line: 4, column: '' });
    expect(pathwayCell('participant.level', lines, [])).toEqual({ line: 4, column: 'Niveau' });
    expect(pathwayCell('worker.route', lines, [])).toEqual({ line: 4, column: 'Voie' });
    expect(pathwayCell('entryDate', lines, [])).toEqual({ line: 4, column: 'Date d’entrée' });
    expect(pathwayCell('fundingLines.1.amountCents', lines, ['FAFTT', 'FPSPP'])).toEqual({ line: 4, column: 'Financement FPSPP' });
  });

  it('reads French labels, ROME codes in lower case and hours with a comma', () => {
    const headers = PATHWAY_IMPORT_COLUMNS.map((c) => c.header);
    const values: Record<string, string> = { 'Clé parcours': 'P1', 'Type de période': 'Mission', 'Début': '01/10/2011', 'Fin': '2011-10-31', 'Heures': '151,67', 'Code ROME': 'h 2903', 'Voie': 'Générale' };
    const result = validateRows({ headers, rows: [{ line: 2, values }] }, PATHWAY_IMPORT_LAYOUT);
    expect(result.ok && result.rows[0].value).toMatchObject({ kind: 'mission', start: '2011-10-01', end: '2011-10-31', hours: 151.67, romeCode: 'H2903', route: 'general' });
    const bad = validateRows({ headers, rows: [{ line: 2, values: { ...values, 'Code ROME': 'Z123' } }] }, PATHWAY_IMPORT_LAYOUT);
    expect(!bad.ok && bad.errors[0].message).toBe('Ligne 2, colonne « Code ROME » : « Z123 » n’est pas un code ROME : une lettre de A à N suivie de 4 chiffres (par exemple H2903).');
  });
});
