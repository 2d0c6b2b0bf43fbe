import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { csvCell, type Column } from './columns.js';

async function* records<Row>(rows: AsyncIterable<Row> | Iterable<Row>, columns: readonly Column<Row>[]) {
  yield columns.map((column) => column.header);
  for await (const row of rows) {
    yield columns.map((column) => csvCell(column.kind ?? 'text', column.value(row)));
  }
}

/**
 * CSV for French Excel: ";" separator, UTF-8 BOM (otherwise accents are read as
 * Windows-1252), CRLF. Rows are pulled one at a time by the pipeline, so a slow
 * client throttles the database cursor instead of filling memory.
 * `out` is ended when the export is complete.
 */
export async function writeCsv<Row>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly Column<Row>[],
  out: NodeJS.WritableStream,
): Promise<void> {
  const stringifier = stringify({ delimiter: ';', bom: true, record_delimiter: 'windows'});
  await pipeline(Readable.from(records(rows, columns)), stringifier, out);
}
