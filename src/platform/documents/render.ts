import PdfPrinter from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { robotoFonts } from './fonts.js';
import { sanitiseDocument } from './sanitise.js';

let printer: PdfPrinter | undefined;

export function renderPdf(docDefinition: TDocumentDefinitions): Promise<Buffer> {
  printer ??= new PdfPrinter(robotoFonts());
  const document = printer.createPdfKitDocument(sanitiseDocument(docDefinition));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.end();
  });
}
