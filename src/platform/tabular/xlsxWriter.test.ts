import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Column } from './columns.js';
import { readTable } from './reader.js';
import { collector } from './testing.js';
import { EUROS_FORMAT, safeSheetName, writeXlsx } from './xlsxWriter.js';

interface Line {
  company: string;
  trainees: number | null;
  approvedCents: number;
  decidedOn: string | null;
}

const columns: Column<Line>[] = [
  { key: 'company', header: 'Entreprise', value: (l) => l.company },
  { key: 'trainees', header: 'Stagiaires', value: (l) => l.trainees, kind: 'integer' },
  { key: 'approved', header: 'Montant accordé', value: (l) => l.approvedCents, kind: 'cents' },
  { key: 'decidedOn', header: 'Décidé le', value: (l) => l.decidedOn, kind: 'date' },
];

const lines: Line[] = [
  { company: 'Forges de l’Étoile; Montbéliard', trainees: 12, approvedCents: 123456789, decidedOn: '2026-11-26' },
  { company: 'Plasturgie "Les Îles"', trainees: null, approvedCents: 10, decidedOn: null },
  { company: '=1+1', trainees: 0, approvedCents: -50, decidedOn: '2024-02-29' },
];

async function xlsxOf(rows: Iterable<Line>, sheetName = 'Décisions'): Promise<Buffer> {
  const out = collector();
  await writeXlsx(rows, columns, out.stream, { sheetName });
  return out.buffer();
}

describe('writeXlsx', () => {
  it('writes a bold header, euros as formatted numbers and real dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsxOf(lines)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Décisions');
    expect(sheet.getRow(1).getCell(1).value).toBe('Entreprise');
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const amount = sheet.getRow(2).getCell(3);
    expect(amount.value).toBe(1234567.89);
    expect(amount.numFmt).toBe(EUROS_FORMAT);
    const decided = sheet.getRow(2).getCell(4);
    expect(decided.value).toBeInstanceOf(Date);
    expect((decided.value as Date).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(decided.numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(2).getCell(2).value).toBe(12);
    expect(sheet.getRow(3).getCell(2).value).toBeNull();
    // A formula-looking text stays a plain string cell.
    expect(sheet.getRow(4).getCell(1).value).toBe('=1+1');
  });

  it('round-trips through readTable', async () => {
    const table = await readTable(await xlsxOf(lines), 'decisions.xlsx');
    expect(table.headers).toEqual(['Entreprise', 'Stagiaires', 'Montant accordé', 'Décidé le']);
    expect(table.rows).toEqual([
      { line: 2, values: { Entreprise: 'Forges de l’Étoile; Montbéliard', Stagiaires: '12', 'Montant accordé': '1234567.89', 'Décidé le': '2026-11-26' } },
      { line: 3, values: { Entreprise: 'Plasturgie "Les Îles"', Stagiaires: '', 'Montant accordé': '0.1', 'Décidé le': '' } },
      { line: 4, values: { Entreprise: '=1+1', Stagiaires: '0', 'Montant accordé': '-0.5', 'Décidé le': '2024-02-29' } },
    ]);
  });

  it('streams many rows', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ...lines[0], trainees: i }));
    const table = await readTable(await xlsxOf(many), 'x.xlsx');
    expect(table.rows).toHaveLength(5_000);
    expect(table.rows.at(-1)).toMatchObject({ line: 5_001, values: { Stagiaires: '4999' } });
  });

  it('fails and destroys the output when the source fails', async () => {
    function* failing(): Generator<Line> {
      yield lines[0];
      throw new Error('curseur interrompu');
    }
    const out = collector();
    await expect(writeXlsx(failing(), columns, out.stream, { sheetName: 'x' })).rejects.toThrow('curseur interrompu');
    expect(out.stream.destroyed).toBe(true);
  });

  it('makes sheet names acceptable to Excel', () => {
    expect(safeSheetName('Demandes [2026/11] : synthèse des engagements')).toBe('Demandes  2026 11    synthèse d');
    expect(safeSheetName('  ')).toBe('Export');
  });
});
