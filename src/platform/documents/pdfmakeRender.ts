import PdfPrinter from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { robotoFonts } from './fonts.js';
import { officialDocument, TABLE_LAYOUTS, type OfficialDocumentInput } from './layout.js';
import { sanitiseDocument } from './sanitise.js';

/**
 * What is posted to the rendering worker: data only (a worker receives structured clones, and
 * functions do not clone). An official document is laid out in the worker from its input.
 */
export type PdfRequest = { official: OfficialDocumentInput } | { definition: TDocumentDefinitions };

let printer: PdfPrinter | undefined;

/** Renders on the calling thread: the worker's body (`pdfWorker.ts`). */
export function renderOnThisThread(request: PdfRequest): Promise<Buffer> {
  printer ??= new PdfPrinter(robotoFonts());
  const definition = 'official' in request ? officialDocument(request.official) : request.definition;
  const document = printer.createPdfKitDocument(sanitiseDocument(definition), { tableLayouts: TABLE_LAYOUTS });
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.end();
  });
}
