import type { Table } from './reader.js';
import { looseKey, type CellParser } from './parsers.js';

export interface LayoutColumn {
  /** Header expected in the file, as shown to users; matched ignoring case and accents. */
  header: string;
  /** Property name in the parsed value; the header when omitted. */
  key?: string;
  required: boolean;
  parse: CellParser;
}

export interface Layout {
  columns: readonly LayoutColumn[];
  /** A file with a header and no data is refused unless this is set. */
  allowEmpty?: boolean;
}

export interface RowError {
  line: number;
  column: string;
  /** Full sentence for the user: "Ligne 12, colonne « SIRET » : …". */
  message: string;
}

export type Validation<T> =
  | { ok: true; rows: { line: number; value: T }[] }
  | { ok: false; errors: RowError[]; errorCount: number; truncated: boolean };

export const MAX_REPORTED_ERRORS = 200;

function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * All or nothing: an import is accepted only when every row is valid, and then
 * the user gets every problem at once rather than fixing them one upload at a time.
 */
export function validateRows<T = Record<string, unknown>>(table: Table, layout: Layout): Validation<T> {
  const errors: RowError[] = [];
  let errorCount = 0;
  const report = (line: number, column: string, detail: string, where = `Ligne ${line}, colonne « ${column} »`) => {
    errorCount += 1;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, column, message: `${where} : ${detail}` });
  };

  const fileHeaders = new Map(table.headers.map((header) => [looseKey(header), header]));
  const present = layout.columns.map((column) => fileHeaders.get(looseKey(column.header)));
  layout.columns.forEach((column, index) => {
    if (column.required && present[index] === undefined)
      report(1, column.header, `la colonne obligatoire « ${column.header} » est absente du fichier.`, 'Ligne 1');
  });
  if (errorCount > 0) return { ok: false, errors, errorCount, truncated: errorCount > errors.length };

  if (table.rows.length === 0 && !layout.allowEmpty) {
    report(2, '', 'le fichier ne contient aucune ligne de données.', 'Ligne 2');
    return { ok: false, errors, errorCount, truncated: false };
  }

  const rows = table.rows.map(({ line, values }) => {
    const value: Record<string, unknown> = {};
    layout.columns.forEach((column, index) => {
      const fileHeader = present[index];
      const raw = fileHeader === undefined ? '' : (values[fileHeader] ?? '').trim();
      const key = column.key ?? column.header;
      if (raw === '') {
        if (column.required) report(line, column.header, 'valeur obligatoire manquante.');
        value[key] = null;
        return;
      }
      const parsed = column.parse(raw);
      if (parsed.ok) value[key] = parsed.value;
      else report(line, column.header, capitalise(parsed.message));
    });
    return { line, value: value as T };
  });

  return errorCount === 0 ? { ok: true, rows } : { ok: false, errors, errorCount, truncated: errorCount > errors.length };
}
