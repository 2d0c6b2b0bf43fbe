import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalid } from './errors.js';

/** The one file of an import form (multipart field « file »), refused in French when absent, empty or too large. */
export async function uploadedFile(request: FastifyRequest): Promise<{ filename: string; content: Buffer }> {
  if (!request.isMultipart()) throw invalid('file', 'Envoyez le fichier en multipart/form-data, dans le champ « file ».');
  const part = await request.file();
  if (!part || part.fieldname !== 'file') throw invalid('file', 'Joignez un fichier CSV ou XLSX dans le champ « file ».');
  const content = await part.toBuffer();
  if (part.file.truncated) throw invalid('file', 'Le fichier dépasse la taille maximale de 20 Mo.');
  if (content.length === 0) throw invalid('file', 'Le fichier est vide.');
  return { filename: part.filename || 'import.csv', content };
}

/** A line-numbered error of an imported file, as every import reports it. */
export const importRowError = z.object({ line: z.number(), column: z.string(), message: z.string() });
