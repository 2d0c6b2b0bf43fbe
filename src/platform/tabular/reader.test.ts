import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { TabularError } from './errors.js';
import { cellText, detectSeparator, readTable } from './reader.js';

const csv = (text: string) => Buffer.from(text, 'utf8');

async function xlsx(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Feuil1'));
  workbook.addWorksheet('Ignorée').addRow(['autre']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function failure(promise: Promise<unknown>): Promise<TabularError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TabularError);
  return error as TabularError;
}

describe('readTable — CSV', () => {
  it('reads a semicolon file with BOM, trimming cells', async () => {
    const table = await readTable(csv('\uFEFFSIRET ; Nom\r\n 73282932000074 ; Forges  \r\n'), 'import.csv');
    expect(table).toEqual({ headers: ['SIRET', 'Nom'], rows: [{ line: 2, values: { SIRET: '73282932000074', Nom: 'Forges' } }] });
  });

  it('detects a comma separator', async () => {
    const table = await readTable(csv('SIRET,Nom,Montant\n1,"Dupont; fils","1 234,56"\n'), 'export.csv');
    expect(table.rows[0].values).toEqual({ SIRET: '1', Nom: 'Dupont; fils', Montant: '1 234,56' });
    expect(detectSeparator('a;b;c\n1,2;3')).toBe(';');
    expect(detectSeparator('"a;b",c,d')).toBe(',');
    expect(detectSeparator('a\tb\tc')).toBe('\t');
  });

  it('keeps spreadsheet line numbers across blank lines and multi-line cells', async () => {
    const table = await readTable(csv('Nom;Motif\n\nA;"ligne 1\nligne 2"\n;\nB;x\n'), 'x.csv');
    expect(table.rows.map((r) => [r.line, r.values.Nom])).toEqual([
      [3, 'A'],
      [5, 'B'],
    ]);
    expect(table.rows[0].values.Motif).toBe('ligne 1\nligne 2');
  });

  it('fills missing cells and ignores untitled columns', async () => {
    const table = await readTable(csv('A;;C\n1\n1;2;3;4\n'), 'x.csv');
    expect(table.headers).toEqual(['A', 'C']);
    expect(table.rows.map((r) => r.values)).toEqual([
      { A: '1', C: '' },
      { A: '1', C: '3' },
    ]);
  });

  it('reads files saved by French Excel in Windows-1252', async () => {
    const latin = Buffer.from([0x52, 0xe9, 0x66, 0xe9, 0x72, 0x65, 0x6e, 0x63, 0x65, 0x0d, 0x0a, 0x80, 0x20, 0xc0]);
    const table = await readTable(latin, 'vieux.csv');
    expect(table).toEqual({ headers: ['Référence'], rows: [{ line: 2, values: { Référence: '€ À' } }] });
  });

  it('refuses empty, header-less, duplicated and malformed files in French', async () => {
    expect((await failure(readTable(Buffer.alloc(0), 'x.csv'))).message).toBe('Le fichier est vide.');
    expect((await failure(readTable(csv('\uFEFF\r\n;;\r\n'), 'x.csv'))).message).toBe('Le fichier est vide.');
    expect((await failure(readTable(csv('A;B;A\n1;2;3'), 'x.csv'))).message).toContain('« A » apparaît deux fois');
    expect((await failure(readTable(csv('A;B\n"1;2\n'), 'x.csv'))).message).toContain('mal formé');
    expect((await failure(readTable(csv('\u0000\u0001binaire'), 'x.csv'))).message).toContain('lisible');
  });

  it('returns headers and no rows for a header-only file', async () => {
    expect(await readTable(csv('A;B\r\n'), 'x.csv')).toEqual({ headers: ['A', 'B'], rows: [] });
  });
});

describe('readTable — XLSX', () => {
  it('reads the first sheet with dates, numbers without float noise, formulas and rich text', async () => {
    const buffer = await xlsx((sheet) => {
      sheet.addRow(['Date', 'Montant', 'SIRET', 'Total', 'Nom', 'Actif']);
      sheet.addRow([new Date(Date.UTC(2026, 10, 26)), 0.1 + 0.2, 73282932000074, { formula: 'B2*2', result: 0.6000000000000001 }, { richText: [{ text: 'Forges ' }, { text: 'Étoile', font: { bold: true } }] }, true]);
      sheet.addRow([]);
      sheet.addRow(['  ', 1234.56, '', null, ' Lunetterie ', false]);
    });
    const table = await readTable(buffer, 'Import.XLSX');
    expect(table.headers).toEqual(['Date', 'Montant', 'SIRET', 'Total', 'Nom', 'Actif']);
    expect(table.rows).toEqual([
      { line: 2, values: { Date: '2026-11-26', Montant: '0.3', SIRET: '73282932000074', Total: '0.6', Nom: 'Forges Étoile', Actif: 'true' } },
      { line: 4, values: { Date: '', Montant: '1234.56', SIRET: '', Total: '', Nom: 'Lunetterie', Actif: 'false' } },
    ]);
  });

  it('recognises an XLSX by its content whatever its name', async () => {
    const buffer = await xlsx((sheet) => sheet.addRow(['A']).commit());
    expect((await readTable(buffer, 'telechargement.csv')).headers).toEqual(['A']);
  });

  it('refuses damaged workbooks and the old .xls format', async () => {
    expect((await failure(readTable(Buffer.from('PK\u0003\u0004 pas un zip'), 'x.xlsx'))).message).toContain('illisible');
    expect((await failure(readTable(csv('A;B'), 'x.xlsx'))).message).toContain('illisible');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await failure(readTable(ole, 'x.xls'))).message).toContain('.xls');
  });

  it('turns every kind of cell into text', () => {
    expect(cellText({ text: 'lien', hyperlink: 'https://example.org' })).toBe('lien');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('#N/A');
    expect(cellText(123456789.12000001)).toBe('123456789.12');
    expect(cellText(null)).toBe('');
  });
});
