import { sameKeys, type Table, type TableRow } from './reader.js';
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

/** Each row's value, or every error of its cells. */
export type RowCheck<T> = { ok: true; line: number; value: T } | { ok: false; errors: RowError[] };

const cellError = (line: number, column: string, detail: string): RowError => ({ line, column, message: `Ligne ${line}, colonne « ${column} » : ${detail}` });

/**
 * Checks rows one at a time, the file's headers matched to the layout once. For importers
 * that go on checking their own rules on every valid row when others are not; columns the file
 * lacks read as empty, so run validateRows first for the missing required ones.
 */
export function rowChecker<T = Record<string, unknown>>(headers: readonly string[], layout: Layout): (row: TableRow) => RowCheck<T> {
  const fileHeaders = new Map(headers.map((header) => [looseKey(header), header]));
  const columns = layout.columns.map((column) => ({ column, key: column.key ?? column.header, fileHeader: fileHeaders.get(looseKey(column.header)) }));
  const empty = sameKeys<unknown>(columns.map((c) => c.key), null);
  return ({ line, values }) => {
    const value: Record<string, unknown> = { ...empty };
    const errors: RowError[] = [];
    for (const { column, key, fileHeader } of columns) {
      const raw = fileHeader === undefined ? '' : (values[fileHeader] ?? '').trim();
      if (raw === '') {
        if (column.required) errors.push(cellError(line, column.header, 'valeur obligatoire manquante.'));
        value[key] = null;
        continue;
      }
      const parsed = column.parse(raw);
      if (parsed.ok) value[key] = parsed.value;
      else errors.push(cellError(line, column.header, capitalise(parsed.message)));
    }
    return errors.length ? { ok: false, errors } : { ok: true, line, value: value as T };
  };
}

/**
 * All or nothing: an import is accepted only when every row is valid, and then
 * the user gets every problem at once rather than fixing them one upload at a time.
 */
export function validateRows<T = Record<string, unknown>>(table: Table, layout: Layout): Validation<T> {
  const errors: RowError[] = [];
  let errorCount = 0;
  const report = (error: RowError) => {
    errorCount += 1;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };

  const present = new Set(table.headers.map(looseKey));
  for (const column of layout.columns) {
    if (column.required && !present.has(looseKey(column.header)))
      report({ line: 1, column: column.header, message: `Ligne 1 : la colonne obligatoire « ${column.header} » est absente du fichier.` });
  }
  if (errorCount > 0) return { ok: false, errors, errorCount, truncated: errorCount > errors.length };

  if (table.rows.length === 0 && !layout.allowEmpty) {
    report({ line: 2, column: '', message: 'Ligne 2 : le fichier ne contient aucune ligne de données.' });
    return { ok: false, errors, errorCount, truncated: false };
  }

  const check = rowChecker<T>(table.headers, layout);
  const rows: { line: number; value: T }[] = [];
  for (const row of table.rows) {
    const one = check(row);
    if (one.ok) rows.push({ line: one.line, value: one.value });
    else one.errors.forEach(report);
  }
  return errorCount === 0 ? { ok: true, rows } : { ok: false, errors, errorCount, truncated: errorCount > errors.length };
}
