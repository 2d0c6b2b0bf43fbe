import { describe, expect, it } from 'vitest';
import { contentTypeFor, exportFilename } from './filenames.js';

describe('export file names', () => {
  it('dates the file on the French calendar day', () => {
    expect(exportFilename('demandes', 'csv', new Date('2026-11-26T10:00:00Z'))).toBe('demandes-2026-11-26.csv');
    // 23:30 UTC on 31 December is already New Year's Day in Paris.
    expect(exportFilename('Décisions de la séance', 'xlsx', new Date('2026-12-31T23:30:00Z'))).toBe('decisions-de-la-seance-2027-01-01.xlsx');
    expect(exportFilename('../', 'csv', new Date('2026-11-26T10:00:00Z'))).toBe('export-2026-11-26.csv');
  });

  it('gives the content types', () => {
    expect(contentTypeFor('csv')).toBe('text/csv; charset=utf-8');
    expect(contentTypeFor('xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
