import { fileTypeFromBuffer } from 'file-type';
import { invalid } from '../http/errors.js';

/** What a supporting document may be, told from its first bytes (never from its name). */
export const ACCEPTED_DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

export const ACCEPTED_DOCUMENT_LABEL = 'PDF, PNG, JPEG, DOCX, XLSX, ODT ou ODS';

export const MAX_FILENAME_LENGTH = 120;

export async function documentTypeOf(bytes: Buffer, field: string): Promise<{ ext: string; mime: string }> {
  const found = await fileTypeFromBuffer(bytes);
  const mime = found ? ACCEPTED_DOCUMENT_TYPES[found.ext] : undefined;
  if (!found || !mime) {
    throw invalid(field, `Type de fichier refusé${found ? ` (${found.ext.toUpperCase()})` : ''} : le contenu du fichier doit être au format ${ACCEPTED_DOCUMENT_LABEL}.`);
  }
  return { ext: found.ext, mime };
}

/**
 * The name kept for a file: no folder part, no control or direction characters, at most
 * MAX_FILENAME_LENGTH characters, ending with the extension of its real type.
 */
export function sanitiseFilename(name: string, ext: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let clean = base.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/["<>:|?*]/g, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const wanted = ext === 'jpg' ? /\.(jpe?g)$/i : new RegExp(`\\.${ext}$`, 'i');
  if (!wanted.test(clean)) clean = `${clean.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'document'}.${ext}`;
  if (clean.length > MAX_FILENAME_LENGTH) {
    const suffix = clean.slice(clean.lastIndexOf('.'));
    clean = clean.slice(0, MAX_FILENAME_LENGTH - suffix.length).trimEnd() + suffix;
  }
  return clean;
}

/** A `content-disposition` that no file name can break: ASCII fallback and the UTF-8 name. */
export function contentDisposition(filename: string, disposition: 'inline' | 'attachment' = 'attachment'): string {
  const ascii = filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'document';
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
