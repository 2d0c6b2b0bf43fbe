import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { workerPool } from '../workers/workerPool.js';
import type { OfficialDocumentInput } from './layout.js';
import type { PdfRequest } from './pdfmakeRender.js';

/**
 * Laying out and compressing a long report takes seconds of CPU and tens of megabytes: it runs in
 * one worker thread, documents waiting their turn, so the server keeps answering meanwhile. The
 * bounded heaps keep the whole process under 256 Mo (docs/security.md); a document too large for
 * them fails alone, and its job is retried like any failed job.
 */
const renderer = workerPool<PdfRequest, Uint8Array>({
  entry: new URL('./pdfWorker.ts', import.meta.url),
  purpose: 'Le rendu du document PDF',
  size: 1,
  resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
  // Short: a worker holds some 40 Mo once it has laid out a report, and starts again in a fraction of a second.
  idleMs: 5_000,
});

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A document in the official layout (`officialDocument`), as a PDF. */
export async function renderOfficialPdf(input: OfficialDocumentInput): Promise<Buffer> {
  return asBuffer(await renderer.run({ official: input }));
}

/** Any pdfmake definition made of data only (no callbacks), as a PDF. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return asBuffer(await renderer.run({ definition }));
}

/** Ends the rendering worker once the documents asked for are done (the app's close). */
export function closePdfRenderer(): Promise<void> {
  return renderer.close();
}
