import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellTooLong, csvRecordStream } from './csvRecords.js';
import { TabularError, TabularLimitError } from './errors.js';
import { frenchCount, megabytes, READ_LIMITS, type ReadLimits } from './limits.js';
import { guardZip, unreadableWorkbook } from './zipGuard.js';

export interface TableRow {
  /** The row number the user sees in their spreadsheet (the header is usually line 1). */
  line: number;
  /** Trimmed cell texts keyed by header; a missing cell is ''. */
  values: Record<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(buffer: Buffer, magic: number[]): boolean {
  return buffer.length >= magic.length && magic.every((byte, index) => buffer[index] === byte);
}

/**
 * Reads an uploaded CSV or XLSX file into trimmed strings, keeping the user's line numbers.
 * The file is read one line at a time and refused as soon as it passes one of `limits`
 * (READ_LIMITS by default): memory stays bounded by the caps, not by what was sent, and the
 * reader gives way to other requests every few hundred lines.
 */
export async function readTable(buffer: Buffer, filename: string, limits: Partial<ReadLimits> = {}): Promise<Table> {
  const caps: ReadLimits = { ...READ_LIMITS, ...limits };
  if (buffer.length === 0) throw new TabularError('Le fichier est vide.');
  if (buffer.length > caps.maxBytes) throw new TabularLimitError(`Le fichier dépasse la taille maximale de ${megabytes(caps.maxBytes)}.`);
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  if (startsWith(buffer, OLE_MAGIC) || extension === 'xls') {
    throw new TabularError(
      'Le format Excel 97-2003 (.xls) n’est pas pris en charge : enregistrez le fichier au format .xlsx ou .csv.',
    );
  }
  if (startsWith(buffer, ZIP_MAGIC)) {
    await guardZip(buffer, caps);
    return buildTable(xlsxGrid(buffer), caps);
  }
  if (extension === 'xlsx') throw new TabularError('Ce fichier .xlsx est illisible : il n’est pas un classeur Excel valide.');
  return buildTable(csvGrid(buffer, caps), caps);
}

/** A grid: each entry is a spreadsheet line number and its cells, in column order. */
type Grid = AsyncIterable<{ line: number; cells: string[] }>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const LINES_PER_TURN = 500;

async function buildTable(grid: Grid, caps: ReadLimits): Promise<Table> {
  const headers: string[] = [];
  const positions: [number, string][] = [];
  let headerLine = 0;
  let blank: Record<string, string> = {};
  const rows: TableRow[] = [];
  let read = 0;
  for await (const { line, cells } of grid) {
    if (++read % LINES_PER_TURN === 0) await yieldToEventLoop();
    if (headerLine > 0 && line - headerLine > caps.maxRows) {
      throw new TabularLimitError(`Le fichier dépasse ${frenchCount(caps.maxRows)} lignes de données : découpez-le en plusieurs fichiers.`);
    }
    let last = -1;
    for (let index = 0; index < cells.length; index++) {
      if (cells[index] === '') continue;
      last = index;
      if (cells[index].length > caps.maxCellChars) throw cellTooLong(caps.maxCellChars);
    }
    if (last < 0) continue;
    if (last >= caps.maxColumns) throw new TabularLimitError(`La ligne ${line} a des valeurs au-delà de la colonne ${caps.maxColumns} : un import compte ${caps.maxColumns} colonnes au plus.`);
    if (headerLine === 0) {
      headerLine = line;
      cells.forEach((header, index) => {
        // A column without a title is usually a stray cell, not data the user meant to send.
        if (header === '') return;
        if (headers.includes(header)) throw new TabularError(`La colonne « ${header} » apparaît deux fois dans la ligne d’en-têtes.`);
        headers.push(header);
        positions.push([index, header]);
      });
      if (headers.length === 0) throw new TabularError('La première ligne doit contenir les en-têtes des colonnes.');
      blank = sameKeys(headers, '');
      continue;
    }
    // Plain loops: a history file has thousands of rows of some thirty cells.
    const values: Record<string, string> = { ...blank };
    let filled = false;
    for (const [index, header] of positions) {
      const value = cells[index] ?? '';
      values[header] = value;
      if (value !== '') filled = true;
    }
    if (filled) rows.push({ line, values });
  }
  if (headerLine === 0) throw new TabularError('Le fichier est vide.');
  return { headers, rows };
}
/**
 * An object with these keys, to copy for each row: V8 keeps such copies as compact objects,
 * where an object given some thirty keys one by one becomes a hash table, larger and slower,
 * for every row of the file — the garbage collector then copies them all (a third of the
 * check of a 2,000-row history file).
 */
export function sameKeys<V>(keys: readonly string[], value: V): Record<string, V> {
  return Object.fromEntries(keys.map((key) => [key, value]));
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, curly quotes, œ…); Node decodes that label as Latin-1. */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** One pass of native code, not one string per byte: a 20 MB file stays a 20 MB string. */
function decodeWindows1252(buffer: Buffer): string {
  return buffer.toString('latin1').replace(/[\x80-\x9f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]);
}

/** Files saved by French Excel as "CSV (séparateur : point-virgule)" are in Windows-1252, not UTF-8. */
function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return decodeWindows1252(buffer);
  }
}

const HEADER_SCAN_CHARS = 65_536;

/** The separator is the candidate found most often in the header line, outside quotes. */
export function detectSeparator(text: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  // A header line is short: the scan stops there even in a file of one 20 MB line.
  for (const char of text.slice(0, HEADER_SCAN_CHARS)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[','] > counts[';'] ? ',' : ';';
}

async function* csvGrid(buffer: Buffer, caps: ReadLimits): Grid {
  const decoded = decodeText(buffer);
  const text = decoded.startsWith('\uFEFF') ? decoded.slice(1) : decoded;
  if (text.includes('\u0000')) throw new TabularError('Ce fichier n’est pas un fichier CSV ou Excel lisible.');
  // One record is one spreadsheet row, even when a quoted cell spans several text lines.
  let line = 0;
  for await (const cells of csvRecordStream(text, detectSeparator(text), caps.maxLineChars)) yield { line: ++line, cells };
}

/**
 * The first sheet through exceljs's streaming reader: rows come one at a time from the inflating
 * zip, shared strings and styles (for dates) are kept, nothing else. guardZip has already
 * measured every part, so what is inflated here is bounded.
 */
async function* xlsxGrid(buffer: Buffer): Grid {
  const input = new PassThrough();
  input.end(buffer);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of readerSheets(reader)) {
      for await (const row of rowsOf(sheet)) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          while (cells.length < column - 1) cells.push('');
          cells[column - 1] = cellText(cell.value).trim();
        });
        yield { line: row.number, cells };
      }
      return;
    }
  } finally {
    input.destroy();
  }
  throw new TabularError('Le classeur ne contient aucune feuille.');
}

/** Damage found by the zip or XML parsers while reading becomes the French refusal. */
async function* readerSheets(reader: ExcelJS.stream.xlsx.WorkbookReader): AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader> {
  try {
    for await (const sheet of reader) yield sheet;
  } catch (error) {
    throw error instanceof TabularError ? error : Object.assign(unreadableWorkbook(), { cause: error });
  }
}

async function* rowsOf(sheet: ExcelJS.stream.xlsx.WorksheetReader): AsyncGenerator<ExcelJS.Row> {
  try {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) yield row;
  } catch (error) {
    throw error instanceof TabularError ? error : Object.assign(unreadableWorkbook(), { cause: error });
  }
}

/** 0.1 + 0.2 is stored as 0.30000000000000004 in the file: 15 significant digits is what Excel shows. */
function numberText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

function dateText(value: Date): string {
  // exceljs reads date cells as UTC instants whose calendar day is the typed day.
  return value.toISOString().slice(0, 10);
}

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || (typeof result === 'object' && result !== null && !(result instanceof Date))) {
      return typeof result === 'object' && result !== null && 'error' in result ? String(result.error) : '';
    }
    return cellText(result as ExcelJS.CellValue);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}
