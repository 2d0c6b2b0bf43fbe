import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { contentTypeFor, exportFilename, writeCsv, writeXlsx, type Column } from '../tabular/index.js';

/**
 * Streams a list to the client as CSV (`;`, BOM, for French Excel) or XLSX while the
 * rows are still being read, so memory stays flat whatever the size of the list.
 */
export function sendExport<Row>(
  reply: FastifyReply,
  rows: AsyncIterable<Row>,
  columns: Column<Row>[],
  baseName: string,
  format: 'csv' | 'xlsx',
): FastifyReply {
  const out = new PassThrough();
  reply.header('content-type', contentTypeFor(format));
  reply.header('content-disposition', `attachment; filename="${exportFilename(baseName, format)}"`);
  const writing = format === 'csv' ? writeCsv(rows, columns, out) : writeXlsx(rows, columns, out, { sheetName: baseName });
  writing.catch((error) => out.destroy(error));
  return reply.send(out);
}
