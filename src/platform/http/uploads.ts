import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { READ_LIMITS } from '../tabular/limits.js';
import { readTable } from '../tabular/reader.js';
import { TabularLimitError } from '../tabular/errors.js';
import { AppError, invalid } from './errors.js';

/** The multipart reader stops a file at this size (app.ts); the table reader refuses larger ones too. */
export const MAX_UPLOAD_BYTES = READ_LIMITS.maxBytes;

/**
 * The one file of an import form (multipart field « file »), refused in French when absent,
 * empty, too large, or beyond one of the caps of a table (lines, columns, cell length, inflated
 * size of a workbook): such a file answers 413 here, before it is stored in a job or checked
 * row by row. Other defects of the file (missing columns, bad quotes…) are left to the import,
 * which reports them with its other line-numbered errors.
 */
export async function uploadedFile(request: FastifyRequest): Promise<{ filename: string; content: Buffer }> {
  if (!request.isMultipart()) throw invalid('file', 'Envoyez le fichier en multipart/form-data, dans le champ « file ».');
  const part = await request.file();
  if (!part || part.fieldname !== 'file') throw invalid('file', 'Joignez un fichier CSV ou XLSX dans le champ « file ».');
  const content = await part.toBuffer();
  if (content.length === 0) throw invalid('file', 'Le fichier est vide.');
  const filename = part.filename || 'import.csv';
  await readTable(content, filename).catch((error: unknown) => {
    if (error instanceof TabularLimitError) throw new AppError(413, 'too_large', error.message, 'file');
  });
  return { filename, content };
}

/** A line-numbered error of an imported file, as every import reports it. */
export const importRowError = z.object({ line: z.number(), column: z.string(), message: z.string() });
