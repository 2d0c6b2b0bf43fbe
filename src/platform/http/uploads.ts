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
  // The multipart reader may hand back a file cut at the limit instead of throwing.
  if (part.file.truncated) throw new AppError(413, 'too_large', `Le fichier dépasse la taille maximale de ${MAX_UPLOAD_BYTES / 1024 / 1024} Mo.`, 'file');
  if (content.length === 0) throw invalid('file', 'Le fichier est vide.');
  const filename = part.filename || 'import.csv';
  await readTable(content, filename).catch((error: unknown) => {
    if (error instanceof TabularLimitError) throw new AppError(413, 'too_large', error.message, 'file');
  });
  return { filename, content };
}

/** A line-numbered error of an imported file, as every import reports it. */
export const importRowError = z.object({ line: z.number(), column: z.string(), message: z.string() });

export interface UploadedPart { fieldname: string; filename: string; content: Buffer }

/**
 * A multipart form of text fields and files, read whole before any transaction starts: each
 * file is cut off at `maxFileBytes` while it streams in and refused with 413 in French.
 */
export async function readMultipartForm(request: FastifyRequest, options: { maxFileBytes: number; maxFiles: number; maxFieldBytes: number }): Promise<{ fields: Record<string, string>; files: UploadedPart[] }> {
  if (!request.isMultipart()) throw invalid('file', 'Envoyez le formulaire en multipart/form-data, le fichier dans le champ « file ».');
  const fields: Record<string, string> = {};
  const files: UploadedPart[] = [];
  const tooLarge = () => new AppError(413, 'too_large', `Le fichier dépasse la taille maximale de ${Math.round(options.maxFileBytes / 1024 / 1024)} Mo.`, 'file');
  try {
    for await (const part of request.parts({ limits: { fileSize: options.maxFileBytes, files: options.maxFiles, fieldSize: options.maxFieldBytes, fields: 10, parts: options.maxFiles + 10 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.file.truncated) throw tooLarge();
        files.push({ fieldname: part.fieldname, filename: part.filename ?? '', content });
      } else {
        if (part.valueTruncated) throw invalid(part.fieldname, `Le champ « ${part.fieldname} » est trop long.`);
        const value = String(part.value ?? '');
        // PostgreSQL refuses NUL in text, as the JSON bodies' guard says.
        if (value.includes('\u0000')) throw invalid(part.fieldname, 'Le caractère NUL (\\0) n’est pas accepté dans les données envoyées.');
        fields[part.fieldname] = value;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT') throw invalid('file', `Joignez au plus ${options.maxFiles} fichier(s) à la fois.`);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw invalid('file', 'Le formulaire contient trop de champs.');
    throw error;
  }
  return { fields, files };
}
