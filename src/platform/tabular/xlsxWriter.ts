import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toIsoDay, type CellValue, type Column, type ColumnKind } from './columns.js';

/** Shown by Excel as "1 234,56 €" in French; the quotes keep "€" a literal in every spreadsheet program. */
export const EUROS_FORMAT = '#,##0.00 "€"';
export const DATE_FORMAT = 'dd/mm/yyyy';

/** Rows written between two pauses, so that the zip stream can drain a synchronous source. */
const ROWS_PER_TURN = 500;

function xlsxCell(kind: ColumnKind, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'cents':
      // Cents / 100 only ever carries two decimals, well within double precision.
      return Number(value) / 100;
    case 'date':
      // Midnight UTC: exceljs converts dates to serial numbers in UTC, so the day is exact.
      return new Date(`${toIsoDay(String(value))}T00:00:00Z`);
    case 'integer':
      return Number(value);
    case 'text':
      return String(value);
  }
}

const FORMATS: Partial<Record<ColumnKind, string>> = { cents: EUROS_FORMAT, date: DATE_FORMAT };

/** Excel refuses sheet names over 31 characters or containing : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31);
  return cleaned || 'Export';
}

function columnWidth(column: Column<unknown>): number {
  const minimum = column.kind === 'cents' ? 16 : column.kind === 'date' ? 12 : 10;
  return Math.min(60, Math.max(minimum, column.header.length + 2));
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Streaming XLSX: each row is committed (serialised and released) as soon as it
 * is read, so memory does not grow with the number of rows. `out` is ended when
 * the workbook is complete.
 */
export async function writeXlsx<Row>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly Column<Row>[],
  out: NodeJS.WritableStream,
  options: { sheetName: string },
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as Writable, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Parcours';
  const sheet = workbook.addWorksheet(safeSheetName(options.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ key: column.key, width: columnWidth(column as Column<unknown>) }));

  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();

  try {
    await writeRows(sheet, rows, columns, out);
  } catch (error) {
    // Like pipeline() for CSV: a half-written workbook must not reach the client as if complete.
    (out as Partial<Writable>).destroy?.(error as Error);
    throw error;
  }
  sheet.commit();
  await workbook.commit();
}

async function writeRows<Row>(
  sheet: ExcelJS.Worksheet,
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly Column<Row>[],
  out: NodeJS.WritableStream,
): Promise<void> {
  const writable = out as Partial<Writable>;
  let sinceYield = 0;
  for await (const row of rows) {
    const written = sheet.addRow(columns.map((column) => xlsxCell(column.kind ?? 'text', column.value(row))));
    columns.forEach((column, index) => {
      const format = FORMATS[column.kind ?? 'text'];
      if (format) written.getCell(index + 1).numFmt = format;
    });
    written.commit();
    if (writable.writableNeedDrain) await once(out as Writable, 'drain');
    else if (++sinceYield >= ROWS_PER_TURN) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
}
