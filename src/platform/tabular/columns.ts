import { formatDateFr, isIsoDate } from '../../shared/dates.js';

export type ColumnKind = 'text' | 'integer' | 'cents' | 'date';

export interface Column<Row> {
  key: string;
  /** Shown to users, in French. */
  header: string;
  value: (row: Row) => string | number | null;
  kind?: ColumnKind;
}

export type CellValue = string | number | null;

/** "1234,56": no thousands separator, so that French Excel reads the cell as a number. */
export function centsToCsvEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Montant en centimes invalide : ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Dates arrive as calendar dates ("2026-11-26") or UTC timestamps; a timestamp
 * is shown as the day it was in France, which is what users remember.
 */
export function toIsoDay(value: string): string {
  if (isIsoDate(value)) return value;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`Date invalide : ${value}`);
  return parisDay.format(new Date(time));
}

/** Leading characters that make Excel or LibreOffice evaluate a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Exported text comes from users (company names, motivations): a leading "=" would
 * run as a formula when a partner opens the CSV, so it is neutralised with a quote
 * (OWASP "CSV injection"). XLSX cells are typed strings and need no such guard.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(kind: ColumnKind, value: CellValue): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'cents':
      return centsToCsvEuros(Number(value));
    case 'date':
      return formatDateFr(toIsoDay(String(value)));
    case 'integer':
      return String(value);
    case 'text':
      return neutraliseFormula(String(value));
  }
}
